-- The fields of one file that references join (a reference, or what one points at): for a file
-- whose bytes have not changed since the last load, only the checks across files read its cells.
SELECT field_id, field
FROM contract_fields
WHERE resource = $resource
  AND field_id IN (SELECT field_id FROM contract_foreign_keys UNION SELECT ref_field_id FROM contract_foreign_keys)
ORDER BY field_id
