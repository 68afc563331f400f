-- Three capital letters that are not an ISO 3166-1 alpha-3 code (countries comes from pycountry).
SELECT f.resource, c._row, f.field, c.value, f.expected,
       'unknown country code' AS problem, NULL::BIGINT AS other_row
FROM cells c JOIN contract_fields f USING (field_id)
WHERE f.format = 'iso3166-alpha3'
  AND filled(c.value)
  AND regexp_full_match(c.value, '[A-Z]{3}')
  AND c.value NOT IN (SELECT alpha3 FROM countries)
