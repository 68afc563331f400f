SELECT c.resource, c._row, c.field, c.value, f.expected,
       'missing required value' AS problem, NULL::BIGINT AS other_row
FROM cells c JOIN contract_fields f USING (resource, field)
WHERE f.required AND blank(c.value) IS NULL
