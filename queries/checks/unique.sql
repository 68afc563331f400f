-- Every repeat of a unique value after its first appearance.
SELECT f.resource, d._row, f.field, d.value, 'an id no other row of the file uses' AS expected,
       'duplicate id' AS problem, d.first_row AS other_row
FROM (
    SELECT c.field_id, c._row, c.value,
           min(c._row) OVER (PARTITION BY c.field_id, c.value) AS first_row
    FROM cells c
    WHERE c.field_id IN (SELECT field_id FROM contract_fields WHERE is_unique)
      AND blank(c.value) IS NOT NULL
) d
JOIN contract_fields f USING (field_id)
WHERE d._row > d.first_row
