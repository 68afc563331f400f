-- One checked column of one raw table into `cells` as (field_id, row, value): the checks are written
-- once, against this long form, for every file and column the contract describes. The loader inserts
-- the columns one by one (load/checked_fields: those some rule looks at, so free-text and extra
-- columns cost nothing here): a column's cells lie together, which the checks scan ~40% faster than
-- cells interleaved row by row (measured at 1M events), and inserting them costs less than an UNPIVOT.
-- Empty cells become '' (the checks treat '' as missing). With $rows, only those rows (the changed rows
-- of a file read again after an edit, load/changed_rows); NULL for all.
INSERT INTO cells
SELECT $field_id, _row, coalesce(COLUMNS(lambda c: c = $field), '')
FROM query_table($table)
WHERE $rows::BIGINT[] IS NULL OR _row IN (SELECT unnest($rows::BIGINT[]))
