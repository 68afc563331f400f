-- Rows of one typed table marked above the ceiling: none, since the model leaves them out. Checked once
-- more before a table is written to a published folder (proxyatlas/publish.py), which must never hold one.
SELECT count(*) AS rows FROM query_table($table::VARCHAR) WHERE marking_level > $max_level::INTEGER
