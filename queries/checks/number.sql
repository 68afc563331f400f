SELECT f.resource, c._row, f.field, c.value, f.expected,
       CASE WHEN f.type = 'integer' AND try_cast(trim(c.value) AS BIGINT) IS NULL THEN 'not a whole number'
            WHEN try_cast(trim(c.value) AS DOUBLE) IS NULL THEN 'not a number'
            ELSE 'out of range' END AS problem,
       NULL::BIGINT AS other_row
FROM cells c JOIN contract_fields f USING (field_id)
WHERE f.type IN ('number', 'integer')
  AND filled(c.value)
  AND (
      (f.type = 'integer' AND try_cast(trim(c.value) AS BIGINT) IS NULL)
      OR try_cast(trim(c.value) AS DOUBLE) IS NULL
      OR try_cast(trim(c.value) AS DOUBLE) < f.minimum
      OR try_cast(trim(c.value) AS DOUBLE) > f.maximum
  )
