-- event_facts after an edit of the events $ids in place: the earlier rows of the other events, and those
-- of the edited ones as built again over them alone (patch_event_facts).
SELECT * FROM event_facts WHERE event_id NOT IN (SELECT unnest($ids::VARCHAR[]))
UNION ALL
SELECT * FROM patch_event_facts
