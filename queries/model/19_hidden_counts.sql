-- How many rows of each file the marking ceiling hid (with the rows that lean on them).
-- A published folder has no raw rows: its counts come from the manifest (proxyatlas/published.py).
CREATE TABLE hidden_counts AS
SELECT 'sources' AS resource, (SELECT count(*) FROM raw_sources) - (SELECT count(*) FROM sources) AS hidden
UNION ALL SELECT 'actors', (SELECT count(*) FROM raw_actors) - (SELECT count(*) FROM actors)
UNION ALL SELECT 'relationships', (SELECT count(*) FROM raw_relationships) - (SELECT count(*) FROM relationships)
UNION ALL SELECT 'events', (SELECT count(*) FROM raw_events) - (SELECT count(*) FROM events)
UNION ALL SELECT 'claims', (SELECT count(*) FROM raw_claims) - (SELECT count(*) FROM claims);
