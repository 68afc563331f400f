-- The files a file's references point into (their keys are what its references are checked against).
SELECT DISTINCT k.ref_resource AS resource
FROM contract_foreign_keys k JOIN contract_fields f USING (field_id)
WHERE f.resource = $resource
ORDER BY resource
