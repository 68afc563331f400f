-- The names the last import matched to no actor (its --report adds row counts, dates and suggestions).
SELECT unnest(i.unmatched) AS source_name
FROM imports i
WHERE i.position = (SELECT max(position) FROM imports)
