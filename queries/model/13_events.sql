-- Events, typed; hidden actors and sources pruned from their lists.
CREATE TABLE events AS
SELECT * EXCLUDE (_row, sources, actors) REPLACE (
        blank(end_date) AS end_date,
        blank(country) AS country,
        try_cast(lat AS DOUBLE) AS lat,
        try_cast(lon AS DOUBLE) AS lon,
        try_cast(fatalities AS INTEGER) AS fatalities,
        prune(split_list(perpetrator_ids), k.actors) AS perpetrator_ids,
        prune(split_list(target_ids), k.actors) AS target_ids,
        prune(split_list(source_ids), k.sources) AS source_ids,
        coalesce(blank(marking), 'TLP:CLEAR') AS marking
    ),
    pd_lo(date) AS date_lo,
    coalesce(pd_hi(end_date), pd_hi(date)) AS date_hi,
    marking_level(marking) AS marking_level
FROM raw_events, hidden_ids k
WHERE marking_level(marking) <= (SELECT max_level FROM settings);
