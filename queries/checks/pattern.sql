-- Text that does not have the form the contract gives (ids, dates, country codes).
-- The contract's own patterns are matched as constants, compiled once; any other pattern
-- a future contract adds is still checked, compiled per cell.
SELECT f.resource, c._row, f.field, c.value, f.expected,
       CASE WHEN f.format = 'partial-date' THEN 'not a date'
            WHEN f.format = 'iso3166-alpha3' THEN 'not a country code'
            ELSE 'malformed value' END AS problem,
       NULL::BIGINT AS other_row
FROM cells c JOIN contract_fields f USING (field_id)
WHERE f.pattern IS NOT NULL AND f.enum IS NULL AND NOT f.is_list
  AND filled(c.value)
  AND NOT CASE f.pattern
      WHEN '[a-z0-9_]+' THEN regexp_full_match(c.value, '[a-z0-9_]+')
      WHEN '[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?' THEN regexp_full_match(c.value, '[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?')
      WHEN '[A-Z]{3}' THEN regexp_full_match(c.value, '[A-Z]{3}')
      ELSE regexp_full_match(c.value, f.pattern)
  END
