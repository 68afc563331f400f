-- Text that does not have the form the contract gives (ids, dates, country codes).
SELECT c.resource, c._row, c.field, c.value, f.expected,
       CASE WHEN f.format = 'partial-date' THEN 'not a date'
            WHEN f.format = 'iso3166-alpha3' THEN 'not a country code'
            ELSE 'malformed value' END AS problem,
       NULL::BIGINT AS other_row
FROM cells c JOIN contract_fields f USING (resource, field)
WHERE f.pattern IS NOT NULL AND f.enum IS NULL AND NOT f.is_list
  AND blank(c.value) IS NOT NULL
  AND NOT regexp_full_match(c.value, f.pattern)
