-- The values of one column, trimmed as the reference check compares them: the keys a reference
-- that points at nothing may have been meant for (e.g. '0815' saved by a spreadsheet as '815').
SELECT DISTINCT trim(c.value) AS key
FROM cells c JOIN contract_fields f USING (field_id)
WHERE f.resource = $resource AND f.field = $field
  AND blank(c.value) IS NOT NULL
