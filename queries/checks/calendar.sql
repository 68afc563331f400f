-- Dates of the right form that name no day of the calendar (2024-02-30, 2023-13).
SELECT c.resource, c._row, c.field, c.value, f.expected,
       'no such date' AS problem, NULL::BIGINT AS other_row
FROM cells c JOIN contract_fields f USING (resource, field)
WHERE f.format = 'partial-date'
  AND blank(c.value) IS NOT NULL
  AND regexp_full_match(c.value, f.pattern)
  AND (pd_lo(c.value) IS NULL OR pd_hi(c.value) IS NULL)
