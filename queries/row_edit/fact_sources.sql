-- fact_sources after an edit of the events $ids in place: the earlier rows of every other fact, and the
-- edited events' rows as built again over them alone (patch_fact_sources, whose other facts' rows are
-- those of the earlier table: only its events were the edited ones).
SELECT * FROM fact_sources
WHERE NOT (fact_kind = 'event' AND fact_id IN (SELECT unnest($ids::VARCHAR[])))
UNION ALL
SELECT * FROM patch_fact_sources WHERE fact_kind = 'event'
