-- Derived tables: one row per event and actor, per fact and source, weights and statuses.
-- They read only the typed tables, so they run the same over a published folder (proxyatlas/published.py).

CREATE TABLE event_actors AS
SELECT event_id, unnest(perpetrator_ids) AS actor_id, 'perpetrator' AS role FROM events
UNION ALL
SELECT event_id, unnest(target_ids) AS actor_id, 'target' AS role FROM events;

CREATE TABLE fact_sources AS
SELECT 'actor' AS fact_kind, actor_id AS fact_id, name AS fact, unnest(source_ids) AS source_id FROM actors
UNION ALL
SELECT 'relationship', rel_id, source_id || ' ' || type || ' ' || target_id, unnest(source_ids) FROM relationships
UNION ALL
SELECT 'event', event_id, title, unnest(source_ids) FROM events
UNION ALL
SELECT 'claim', claim_id, claimant_id || ' ' || stance || ' ' || subject_id || ' (' || involvement || ')', unnest(source_ids) FROM claims;

-- Reliability grades as weights for ranking disputes (A strongest; F, cannot be judged, in the middle).
CREATE TABLE reliability_weights AS
SELECT reliability, weight::DOUBLE AS weight
FROM (VALUES ('A', 1.0), ('B', 0.8), ('C', 0.6), ('D', 0.4), ('E', 0.2), ('F', 0.5)) t(reliability, weight);

-- Each statement's weight: that of the most reliable source reporting it (several outlets
-- repeating one statement make it better attested, not a second statement).
CREATE TABLE claim_weights AS
SELECT c.claim_id, count(*) AS source_count, max(w.weight) AS weight,
       arg_max(s.reliability, w.weight) AS reliability
FROM (SELECT claim_id, unnest(source_ids) AS source_id FROM claims) c
JOIN sources s USING (source_id)
JOIN reliability_weights w ON w.reliability = s.reliability
GROUP BY c.claim_id;

-- Each event with claims gets one status, in this order of precedence (a claim is a statement,
-- counted once however many sources report it):
--   competing claims          : responsibility asserted for two or more different subjects
--   claimed and denied        : an assertion and a denial or no-evidence from different claimants
--   retracted                 : an assertion that a later claim retracts, nothing else standing
--   claimed and uncontested   : assertions only
--   assessed but unclaimed    : assessments (or denials) with no assertion
-- Only `responsibility` makes claims compete. A claim of `credit` (the act presented as serving the
-- subject's cause or as its revenge, e.g. the IRGC's 27 Dec 2023 remarks on 7 October) is an assertion
-- but not of having done it: one group's credit beside another's responsibility is not a competition.
CREATE TABLE attribution AS
WITH per_event AS (
    SELECT event_id,
           count(DISTINCT subject_id) FILTER (stance = 'asserts' AND involvement = 'responsibility') AS claimed_subjects,  -- never 'credit'
           count(*) FILTER (stance = 'asserts') AS asserts,
           count(*) FILTER (stance IN ('denies', 'no_evidence')) AS denials,
           count(*) FILTER (stance = 'retracts') AS retracts,
           count(*) FILTER (stance = 'assesses') AS assessments,
           count(DISTINCT claimant_id) AS claimants,
           count(*) AS claims,
           min(date_lo) AS first_claim,
           max(date_hi) AS last_claim
    FROM claims
    GROUP BY event_id
),
opposed AS (
    -- The same involvement asserted by some claimants and denied (or retracted, or not seen) by others.
    SELECT c.event_id, sum(w.weight) AS score
    FROM claims c
    JOIN claim_weights w USING (claim_id)
    WHERE (c.event_id, c.involvement) IN (
        SELECT event_id, involvement FROM claims
        GROUP BY event_id, involvement
        HAVING count(DISTINCT claimant_id) FILTER (stance = 'asserts') > 0
           AND count(DISTINCT claimant_id) FILTER (stance IN ('denies', 'no_evidence', 'retracts')) > 0
    )
    GROUP BY c.event_id
)
SELECT p.event_id,
       CASE
           WHEN p.claimed_subjects >= 2 THEN 'competing claims'
           WHEN p.asserts > 0 AND p.denials > 0 THEN 'claimed and denied'
           WHEN p.retracts > 0 THEN 'retracted'
           WHEN p.asserts > 0 THEN 'claimed and uncontested'
           ELSE 'assessed but unclaimed'
       END AS status,
       round(coalesce(o.score, 0), 2)::DOUBLE AS contest_score,
       p.claims, p.claimants, p.asserts, p.denials, p.retracts, p.assessments,
       p.first_claim, p.last_claim
FROM per_event p
LEFT JOIN opposed o USING (event_id);

-- Each source's rank in order of publication (then publisher) and its label, for the lines of text
-- that name a fact's sources in tooltips and tables. Two sources that tie on both share a label, so the
-- order between them cannot show.
CREATE TABLE source_ranks AS
SELECT source_id, row_number() OVER (ORDER BY published, publisher) AS rank,
       publisher || ' (' || published || ')' AS label
FROM sources;

-- The sources behind each actor, tie and claim as one line of text, in that order (events have theirs in
-- event_facts). Each fact sorts the short list of its sources' ranks (integers: much cheaper than sorting
-- structs or an ordered aggregate over every row) and looks their labels up by rank.
CREATE TABLE source_labels AS
WITH labels AS (
    SELECT list(label ORDER BY rank) AS by_rank FROM source_ranks
),
facts AS (
    SELECT f.fact_kind, f.fact_id, list_sort(list(r.rank)) AS ranks
    FROM fact_sources f JOIN source_ranks r USING (source_id)
    WHERE f.fact_kind <> 'event'
    GROUP BY f.fact_kind, f.fact_id
)
SELECT f.fact_kind, f.fact_id, array_to_string(list_transform(f.ranks, lambda x: l.by_rank[x]), '; ') AS sources
FROM facts f, labels l;

-- Events with everything a page shows beside them: names of who did it (in order of actor id), the
-- first-named perpetrator's lane, status, sources. The names and sources are lists of ranks looked up
-- by rank, as in source_labels, and grouped by the event's row (an integer) rather than its id: at 1M
-- events, grouping lists of structs by id took most of a second and a half.
CREATE TABLE event_facts AS
WITH actor_ranks AS (
    SELECT actor_id, name, row_number() OVER (ORDER BY actor_id) AS rank FROM actors
),
names AS (
    SELECT list(name ORDER BY rank) AS by_rank FROM actor_ranks
),
labels AS (
    SELECT list(label ORDER BY rank) AS by_rank FROM source_ranks
),
perpetrators AS (
    SELECT p.event_row, list_sort(list(a.rank)) AS ranks
    FROM (SELECT rowid AS event_row, unnest(perpetrator_ids) AS actor_id FROM events) p
    JOIN actor_ranks a USING (actor_id)
    GROUP BY p.event_row
),
cited AS (
    SELECT c.event_row, list_sort(list(s.rank)) AS ranks
    FROM (SELECT rowid AS event_row, unnest(source_ids) AS source_id FROM events) c
    JOIN source_ranks s USING (source_id)
    GROUP BY c.event_row
)
SELECT e.event_id,
       coalesce(array_to_string(list_transform(p.ranks, lambda x: n.by_rank[x]), '; '), '') AS perpetrators,
       coalesce(lane.name, 'Unattributed') AS lane,
       coalesce(att.status, '') AS status,  -- '' for events nobody made claims about
       coalesce(att.contest_score, 0) AS contest_score,
       coalesce(array_to_string(list_transform(c.ranks, lambda x: l.by_rank[x]), '; '), '') AS sources
FROM events e
LEFT JOIN perpetrators p ON p.event_row = e.rowid
LEFT JOIN cited c ON c.event_row = e.rowid
LEFT JOIN actors lane ON lane.actor_id = e.perpetrator_ids[1]
LEFT JOIN attribution att USING (event_id)
CROSS JOIN names n
CROSS JOIN labels l;
