-- Every checked cell of one raw table as (field_id, row, value): the checks are written
-- once, against this long form, for every file and column the contract describes.
-- Empty cells become '' so that UNPIVOT keeps them (the checks treat '' as missing);
-- only the columns in $fields (load/checked_fields: those some rule looks at) are unpivoted,
-- so free-text columns and extra columns cost nothing here. With $rows, only those rows
-- (the changed rows of a file read again after an edit, load/changed_rows); NULL for all.
INSERT INTO cells
SELECT f.field_id, u._row, u.value
FROM (
    UNPIVOT (SELECT _row, coalesce(COLUMNS(lambda c: list_contains($fields::VARCHAR[], c)), '') FROM query_table($table)
             WHERE $rows::BIGINT[] IS NULL OR _row IN (SELECT unnest($rows::BIGINT[])))
    ON COLUMNS(* EXCLUDE (_row))
    INTO NAME field VALUE value
) u
JOIN contract_fields f ON f.resource = $resource AND f.field = u.field
WHERE f.checked
