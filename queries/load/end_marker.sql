-- Whether the end marker the loader writes after a file's last line (loader._read_table) came through
-- as the last row of its raw table, and that row's number. DuckDB's reader drops a record whose quote
-- never closes without a word; the open quote swallows the marker too, so a missing marker says so.
SELECT coalesce(max(_row), 0) AS last_row, coalesce(arg_max(#2, _row) = $marker, false) AS ended
FROM query_table($table)
