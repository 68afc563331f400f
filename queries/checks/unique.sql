-- Every repeat of a unique value after its first appearance. The values that repeat are found
-- by counting (usually none), and only their cells are looked at again.
WITH repeated AS (
    SELECT c.field_id, c.value, min(c._row) AS first_row
    FROM cells c
    WHERE c.field_id IN (SELECT field_id FROM contract_fields WHERE is_unique)
      AND filled(c.value)
    GROUP BY c.field_id, c.value
    HAVING count(*) > 1
)
SELECT f.resource, c._row, f.field, c.value, 'an id no other row of the file uses' AS expected,
       'duplicate id' AS problem, d.first_row AS other_row
FROM cells c
JOIN repeated d USING (field_id, value)
JOIN contract_fields f USING (field_id)
WHERE c._row > d.first_row
