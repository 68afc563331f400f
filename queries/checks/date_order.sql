-- An end that lies wholly before its start ('2023' does not end before '2023-05').
SELECT s.resource, s._row, o."end" AS field, e.value,
       'a date on or after ' || o.start || ' (' || s.value || ')' AS expected,
       'ends before it starts' AS problem, NULL::BIGINT AS other_row
FROM contract_date_orders o
JOIN cells s ON s.resource = o.resource AND s.field = o.start
JOIN cells e ON e.resource = o.resource AND e.field = o."end" AND e._row = s._row
WHERE pd_hi(e.value) < pd_lo(s.value)
