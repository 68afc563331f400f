-- The highest marking level of any row an actor's profile shows (the Actors page, whatever the
-- filters): the actor, its ties and the actors at their other ends, its chain of sponsors up to
-- the state, the events and claims it is named in, and the sources of all of these.
WITH RECURSIVE up(actor_id, rel_id, path) AS (
    SELECT $actor_id::VARCHAR, NULL::VARCHAR, [$actor_id::VARCHAR]
    UNION ALL
    SELECT p.patron_id, p.rel_id, list_append(up.path, p.patron_id)
    FROM up
    JOIN patronage p ON p.client_id = up.actor_id
    WHERE NOT list_contains(up.path, p.patron_id) AND len(up.path) <= 6
),
rel AS (
    SELECT rel_id FROM relationships WHERE $actor_id::VARCHAR IN (source_id, target_id)
    UNION SELECT rel_id FROM up WHERE rel_id IS NOT NULL
),
act AS (
    SELECT actor_id FROM up
    UNION SELECT source_id FROM relationships WHERE rel_id IN (SELECT rel_id FROM rel)
    UNION SELECT target_id FROM relationships WHERE rel_id IN (SELECT rel_id FROM rel)
),
ev AS (
    SELECT event_id FROM event_actors WHERE actor_id = $actor_id::VARCHAR
    UNION SELECT event_id FROM claims WHERE subject_id = $actor_id::VARCHAR
),
cl AS (SELECT claim_id FROM claims WHERE $actor_id::VARCHAR IN (claimant_id, subject_id)),
cited AS (
    SELECT source_id FROM fact_sources
    WHERE (fact_kind = 'actor' AND fact_id = $actor_id::VARCHAR)
       OR (fact_kind = 'relationship' AND fact_id IN (SELECT rel_id FROM rel))
       OR (fact_kind = 'event' AND fact_id IN (SELECT event_id FROM ev))
       OR (fact_kind = 'claim' AND fact_id IN (SELECT claim_id FROM cl))
)
SELECT greatest(
    (SELECT coalesce(max(marking_level), 0) FROM actors WHERE actor_id IN (SELECT actor_id FROM act)),
    (SELECT coalesce(max(marking_level), 0) FROM relationships WHERE rel_id IN (SELECT rel_id FROM rel)),
    (SELECT coalesce(max(marking_level), 0) FROM events WHERE event_id IN (SELECT event_id FROM ev)),
    (SELECT coalesce(max(marking_level), 0) FROM claims WHERE claim_id IN (SELECT claim_id FROM cl)),
    (SELECT coalesce(max(marking_level), 0) FROM sources WHERE source_id IN (SELECT source_id FROM cited))
)::INTEGER AS marking_level
