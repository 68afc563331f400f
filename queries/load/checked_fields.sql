-- The columns of one file some rule looks at (load/cells inserts only these), in the contract's order.
SELECT field_id, field
FROM contract_fields
WHERE resource = $resource AND checked
ORDER BY field_id
