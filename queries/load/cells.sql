-- Every cell of one raw table as (resource, row, field, value): the checks are written once,
-- against this long form, for every file and column the contract describes.
-- Empty cells become '' so that UNPIVOT keeps them (the checks treat '' as missing).
INSERT INTO cells
SELECT $resource AS resource, _row, field, value
FROM (
    UNPIVOT (SELECT _row, coalesce(COLUMNS(* EXCLUDE (_row)), '') FROM query_table($table))
    ON COLUMNS(* EXCLUDE (_row))
    INTO NAME field VALUE value
)
