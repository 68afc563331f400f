-- An end that lies wholly before its start ('2023' does not end before '2023-05').
WITH ends AS (
    SELECT o.start_id, o.end_id, o.start, c._row, c.value
    FROM contract_date_orders o JOIN cells c ON c.field_id = o.end_id
    WHERE filled(c.value)
),
starts AS (
    SELECT field_id AS start_id, _row, value
    FROM cells
    WHERE field_id IN (SELECT start_id FROM contract_date_orders)
      AND _row IN (SELECT _row FROM ends)
)
SELECT f.resource, e._row, f.field, e.value,
       'a date on or after ' || e.start || ' (' || s.value || ')' AS expected,
       'ends before it starts' AS problem, NULL::BIGINT AS other_row
FROM ends e
JOIN starts s USING (start_id, _row)
JOIN contract_fields f ON f.field_id = e.end_id
WHERE pd_hi(e.value) < pd_lo(s.value)
