-- Dates of the right form that name no day of the calendar (2024-02-30, 2023-13).
SELECT f.resource, c._row, f.field, c.value, f.expected,
       'no such date' AS problem, NULL::BIGINT AS other_row
FROM cells c JOIN contract_fields f USING (field_id)
WHERE f.format = 'partial-date'
  AND CASE length(c.value)
      WHEN 10 THEN regexp_full_match(c.value, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND try_cast(c.value AS DATE) IS NULL
      WHEN 7 THEN regexp_full_match(c.value, '[0-9]{4}-[0-9]{2}') AND NOT regexp_full_match(c.value, '[0-9]{4}-(0[1-9]|1[0-2])')
      ELSE false
  END
