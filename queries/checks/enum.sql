SELECT f.resource, c._row, f.field, c.value, f.expected,
       'value not allowed here' AS problem, NULL::BIGINT AS other_row
FROM cells c JOIN contract_fields f USING (field_id)
WHERE f.enum IS NOT NULL AND NOT f.is_list
  AND filled(c.value)
  AND NOT list_contains(f.enum, c.value)
