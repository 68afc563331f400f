-- The columns of one file some rule looks at (load/cells unpivots only these).
SELECT coalesce(list(field ORDER BY field_id), []) AS fields
FROM contract_fields
WHERE resource = $resource AND checked
