-- A required cell left blank (filled(): empty, or spaces only). A ';' list that holds no item (';', ' ; ')
-- is blank too: one made of nothing but ';' and spaces (split_list's items are trimmed of spaces), tested
-- without splitting it, and only when it starts with either (most cells do not: they cost nothing more).
SELECT f.resource, c._row, f.field, c.value, f.expected,
       'missing required value' AS problem, NULL::BIGINT AS other_row
FROM cells c JOIN contract_fields f USING (field_id)
WHERE f.required
  AND (NOT filled(c.value)
       OR (f.is_list AND c.value[1] IN (' ', ';') AND replace(replace(c.value, ';', ''), ' ', '') = ''))
