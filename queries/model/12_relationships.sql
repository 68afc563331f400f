-- Ties between actors that may be shown, typed.
CREATE TABLE relationships AS
SELECT * EXCLUDE (_row, sources, actors) REPLACE (
        blank(start) AS start,
        blank("end") AS "end",
        prune(split_list(source_ids), k.sources) AS source_ids,
        coalesce(blank(marking), 'TLP:CLEAR') AS marking
    ),
    pd_lo(start) AS start_lo,
    pd_hi("end") AS end_hi,
    confidence_level(confidence) AS conf_level,
    marking_level(marking) AS marking_level
FROM raw_relationships, hidden_ids k
WHERE marking_level(marking) <= (SELECT max_level FROM settings)
  AND source_id IN (SELECT actor_id FROM actors)
  AND target_id IN (SELECT actor_id FROM actors);
