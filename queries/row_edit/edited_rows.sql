-- Where the events $ids stand in the earlier events table: an edit in place keeps them in one run of
-- rowids ($first..$last), which the new table holds in the same places.
SELECT min(rowid) AS first, max(rowid) AS last, count(*) AS count
FROM events
WHERE event_id IN (SELECT unnest($ids::VARCHAR[]))
