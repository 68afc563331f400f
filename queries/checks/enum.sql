SELECT c.resource, c._row, c.field, c.value, f.expected,
       'value not allowed here' AS problem, NULL::BIGINT AS other_row
FROM cells c JOIN contract_fields f USING (resource, field)
WHERE f.enum IS NOT NULL AND NOT f.is_list
  AND blank(c.value) IS NOT NULL
  AND NOT list_contains(f.enum, c.value)
