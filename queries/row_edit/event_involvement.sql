-- event_involvement after an edit of the events $ids in place: the earlier rows of the other events, and
-- the edited events' rows as built again (patch_event_involvement, whose other events' rows are those of
-- the earlier claims: only the edited events' perpetrators and targets are new).
SELECT * FROM event_involvement WHERE event_id NOT IN (SELECT unnest($ids::VARCHAR[]))
UNION ALL
SELECT * FROM patch_event_involvement WHERE event_id IN (SELECT unnest($ids::VARCHAR[]))
