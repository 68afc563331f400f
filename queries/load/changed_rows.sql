-- The rows of a file read again whose checked cells ($fields) are those of no row of its last read
-- (`previous_raw`, a read with no problems at all): the rows the rules inside one row must look at.
-- A row equal in every checked cell to a row that passed them passes them too, wherever it stands.
SELECT n._row
FROM (SELECT _row, row(*COLUMNS(lambda c: list_contains($fields::VARCHAR[], c))) AS cells FROM query_table($table)) n
ANTI JOIN (SELECT row(*COLUMNS(lambda c: list_contains($fields::VARCHAR[], c))) AS cells FROM previous_raw) o
    ON n.cells IS NOT DISTINCT FROM o.cells
ORDER BY n._row
