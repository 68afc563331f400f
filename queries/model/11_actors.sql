-- Actors, typed; their sources pruned of hidden ones.
CREATE TABLE actors AS
SELECT * EXCLUDE (_row, sources, actors) REPLACE (
        split_list(aliases) AS aliases,
        blank(country) AS country,
        blank(founded) AS founded,
        try_cast(lat AS DOUBLE) AS lat,
        try_cast(lon AS DOUBLE) AS lon,
        prune(split_list(source_ids), k.sources) AS source_ids,
        coalesce(blank(marking), 'TLP:CLEAR') AS marking
    ),
    marking_level(marking) AS marking_level
FROM raw_actors, hidden_ids k
WHERE marking_level(marking) <= (SELECT max_level FROM settings);
