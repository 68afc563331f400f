-- One row per statement, citing every source that reports it. A statement none of whose
-- sources may be shown is hidden with them; otherwise it cites the sources that may be.
CREATE TABLE claims AS
SELECT * FROM (
    SELECT * EXCLUDE (_row, sources, actors) REPLACE (
            blank(quote) AS quote,
            blank(note) AS note,
            prune(split_list(source_ids), k.sources) AS source_ids,
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
