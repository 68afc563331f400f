-- Events, typed; hidden actors and sources pruned from their lists.
CREATE TABLE events AS
SELECT * EXCLUDE (_row, sources, actors) REPLACE (
        blank(end_date) AS end_date,
        blank(country) AS country,
        try_cast(lat AS DOUBLE) AS lat,
        try_cast(lon AS DOUBLE) AS lon,
        try_cast(fatalities AS INTEGER) AS fatalities,
        list_filter(split_list(perpetrator_ids), lambda a: NOT list_contains(k.actors, a)) AS perpetrator_ids,
        list_filter(split_list(target_ids), lambda a: NOT list_contains(k.actors, a)) AS target_ids,
        list_filter(split_list(source_ids), lambda s: NOT list_contains(k.sources, s)) AS source_ids,
        coalesce(blank(marking), 'TLP:CLEAR') AS marking
    ),
    pd_lo(date) AS date_lo,
    coalesce(pd_hi(end_date), pd_hi(date)) AS date_hi,
    marking_level(marking) AS marking_level
FROM raw_events, hidden_ids k
WHERE marking_level(marking) <= (SELECT max_level FROM settings);
