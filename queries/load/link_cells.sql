-- The fields of one file whose cells some rule compares across rows: the references (a reference,
-- or what one points at), and with $unique also the unique ids and the columns of unique keys.
-- For a file whose bytes have not changed since the last load, only the checks across files read
-- its cells (the references); for the unchanged rows of a file read again after an edit, the rules
-- across rows of the file read them too (loader._read_file).
SELECT field_id, field
FROM contract_fields
WHERE resource = $resource
  AND (field_id IN (SELECT field_id FROM contract_foreign_keys UNION SELECT ref_field_id FROM contract_foreign_keys)
       OR ($unique AND (is_unique OR field_id IN (SELECT field_id FROM contract_unique_keys))))
ORDER BY field_id
