-- Typed tables built from the raw text once the checks pass. Rows marked above the
-- deployment's ceiling (settings.max_level) never get here, and neither does anything
-- that leans on them: an edge to a hidden actor, a claim from a hidden source.
-- Columns beyond the contract are kept as text (SELECT * REPLACE).

CREATE TABLE sources AS
SELECT * EXCLUDE (_row) REPLACE (
        blank(url) AS url,
        coalesce(blank(marking), 'TLP:CLEAR') AS marking
    ),
    pd_lo(published) AS published_lo,
    -- '[Reuters report: ...]' describes a real document whose headline was not confirmed.
    starts_with(trim(title), '[') AND ends_with(trim(title), ']') AS title_described,
    -- What a reader can check: an address to open, and a headline to look for.
    CASE WHEN blank(url) IS NULL THEN 'no URL' ELSE 'URL given' END || ' · '
        || CASE WHEN title_described THEN 'title described' ELSE 'title confirmed' END AS checkable,
    marking_level(marking) AS marking_level
FROM raw_sources
WHERE marking_level(marking) <= (SELECT max_level FROM settings);

-- The ids the ceiling hides (usually none), for pruning ';' lists.
CREATE TABLE hidden_sources AS
SELECT coalesce(list(source_id), []) AS sources
FROM raw_sources WHERE source_id NOT IN (SELECT source_id FROM sources);

CREATE TABLE actors AS
SELECT * EXCLUDE (_row, sources) REPLACE (
        split_list(aliases) AS aliases,
        blank(country) AS country,
        blank(founded) AS founded,
        try_cast(lat AS DOUBLE) AS lat,
        try_cast(lon AS DOUBLE) AS lon,
        list_filter(split_list(source_ids), lambda s: NOT list_contains(k.sources, s)) AS source_ids,
        coalesce(blank(marking), 'TLP:CLEAR') AS marking
    ),
    marking_level(marking) AS marking_level
FROM raw_actors, hidden_sources k
WHERE marking_level(marking) <= (SELECT max_level FROM settings);

CREATE TABLE hidden_ids AS
SELECT (SELECT sources FROM hidden_sources) AS sources,
       (SELECT coalesce(list(actor_id), []) FROM raw_actors WHERE actor_id NOT IN (SELECT actor_id FROM actors)) AS actors;

CREATE TABLE relationships AS
SELECT * EXCLUDE (_row, sources, actors) REPLACE (
        blank(start) AS start,
        blank("end") AS "end",
        list_filter(split_list(source_ids), lambda s: NOT list_contains(k.sources, s)) AS source_ids,
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

-- One row per statement, citing every source that reports it. A statement none of whose
-- sources may be shown is hidden with them; otherwise it cites the sources that may be.
CREATE TABLE claims AS
SELECT * FROM (
    SELECT * EXCLUDE (_row, sources, actors) REPLACE (
            blank(quote) AS quote,
            blank(note) AS note,
            list_filter(split_list(source_ids), lambda s: NOT list_contains(k.sources, s)) AS source_ids,
            try_cast(credibility AS INTEGER) AS credibility,
            coalesce(blank(marking), 'TLP:CLEAR') AS marking
        ),
        pd_lo(date) AS date_lo,
        pd_hi(date) AS date_hi,
        marking_level(marking) AS marking_level
    FROM raw_claims, hidden_ids k
    WHERE marking_level(marking) <= (SELECT max_level FROM settings)
      AND event_id IN (SELECT event_id FROM events)
      AND claimant_id IN (SELECT actor_id FROM actors)
      AND subject_id IN (SELECT actor_id FROM actors)
)
WHERE len(source_ids) > 0;

DROP TABLE hidden_sources;
DROP TABLE hidden_ids;
