-- The rows of one table loaded from a published folder, to hold against its manifest.
-- $table is a resource name of the contract (proxyatlas/published.py), never input.
SELECT count(*) AS rows FROM query_table($table::VARCHAR)
