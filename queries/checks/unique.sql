-- Every repeat of a unique value after its first appearance.
SELECT resource, _row, field, value, expected,
       'duplicate id' AS problem, first_row AS other_row
FROM (
    SELECT c.resource, c._row, c.field, c.value, f.expected,
           min(c._row) OVER (PARTITION BY c.resource, c.field, c.value) AS first_row
    FROM cells c JOIN contract_fields f USING (resource, field)
    WHERE f.is_unique AND blank(c.value) IS NOT NULL
)
WHERE _row > first_row
