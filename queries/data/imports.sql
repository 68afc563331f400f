-- The releases imported (imports.csv), the last import last, with the rows that cite each now.
SELECT i.dataset, i.release, i.accessed, i.file,
       (SELECT count(*) FROM events e WHERE list_contains(e.source_ids, i.source_id)) AS events,
       (SELECT count(*) FROM claims c WHERE list_contains(c.source_ids, i.source_id)) AS claims,
       len(i.unmatched) AS unmatched_names, i.source_id, i.licence
FROM imports i
ORDER BY i.position
