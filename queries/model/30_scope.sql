-- The sidebar's filters as table macros that every page query starts from.

-- Ties read from patron to client: A sponsors, funds, arms, trains or directs B; B is a member of A.
-- (Also the chain up from an actor: actors/sponsor_chain, actors/marking.)
CREATE TABLE patronage AS
SELECT source_id AS patron_id, target_id AS client_id, conf_level, rel_id
FROM relationships WHERE type IN ('sponsors', 'funds', 'arms', 'trains', 'directs')
UNION ALL
SELECT target_id, source_id, conf_level, rel_id
FROM relationships WHERE type = 'member_of';

-- The network downstream of a sponsor: its clients, their clients, and so on down,
-- over ties of at least the given confidence.
CREATE MACRO downstream(sponsor, min_conf) AS TABLE
WITH RECURSIVE net(actor_id) AS (
    SELECT sponsor
    UNION
    SELECT p.client_id
    FROM net JOIN patronage p ON p.patron_id = net.actor_id
    WHERE p.conf_level >= min_conf
)
SELECT actor_id FROM net WHERE actor_id IN (SELECT actor_id FROM actors);

-- Who each event involves: its perpetrators, its targets and the subjects of claims about it
-- (what the sponsor and kind filters match events by), once per load instead of per query.
CREATE TABLE event_involvement AS
SELECT event_id, actor_id FROM event_actors
UNION
SELECT event_id, subject_id FROM claims;

-- Every scoped_* macro takes the chosen sponsor's network as `network`: the ids downstream() gives
-- (queries/meta/network.sql), computed once per data and sponsor and bound as a list, NULL when
-- no sponsor is chosen (queries.py derives $network from $sponsor and $min_conf).

-- Actors that pass the sponsor, country and kind filters (empty list = no filter).
CREATE MACRO scoped_actors(network, countries, kinds, min_conf) AS TABLE
SELECT a.*
FROM actors a
WHERE (network IS NULL OR a.actor_id IN (SELECT unnest(network)))
  AND (len(countries) = 0 OR list_contains(countries, a.country))
  AND (len(kinds) = 0 OR list_contains(kinds, a.kind));

-- Relationships in the window, of at least the given confidence, between scoped actors.
CREATE MACRO scoped_relationships(date_from, date_to, network, countries, kinds, min_conf) AS TABLE
SELECT r.*
FROM relationships r
WHERE r.conf_level >= min_conf
  AND (r.start_lo IS NULL OR r.start_lo <= date_to)
  AND (r.end_hi IS NULL OR r.end_hi >= date_from)
  AND r.source_id IN (SELECT actor_id FROM scoped_actors(network, countries, kinds, min_conf))
  AND r.target_id IN (SELECT actor_id FROM scoped_actors(network, countries, kinds, min_conf));

-- Events in the window and countries; with a sponsor or kinds chosen, only events whose
-- perpetrators, targets or claim subjects are in scope. That part of the scope does not depend on the
-- window: `scope` is it as a bit string over the events' rowids (bit i set: the event at rowid i is in
-- scope; queries.event_scope, over meta/involvement), computed once per data, network and kinds and bound by each query,
-- NULL when no sponsor or kind is chosen. Testing a bit is far cheaper than the semi-join of every
-- event on the network's actors it replaces (1.1 s at 1M events for the busiest sponsor, 0.03 s).
-- DuckDB 2.0's late materialisation of small ORDER BY ... LIMIT queries (it re-reads rows by rowid) fails
-- with an internal error ("index -1 within vector") on a query that tests e.rowid itself, as scoped_events
-- does: it is switched off for this database.
SET GLOBAL late_materialization_max_rows = 0;

CREATE MACRO scoped_events(date_from, date_to, network, countries, kinds, min_conf, scope) AS TABLE
SELECT e.*
FROM events e
WHERE e.date_hi >= date_from AND e.date_lo <= date_to
  AND (len(countries) = 0 OR list_contains(countries, e.country))
  AND (scope IS NULL OR get_bit(scope, e.rowid::INTEGER) = 1);

-- Each claim's event, row for row with claims (row i: the event of claim i), for scoped_claims to test
-- on the claim's own row (a POSITIONAL JOIN) what scoped_events tests on the event's. The semi-join of
-- every claim on the events in scope that it replaces hashed every event id in the window on each query.
CREATE TABLE claim_events AS
SELECT e.date_lo AS event_lo, e.date_hi AS event_hi, e.country AS event_country, e.rowid AS event_row
FROM claims c LEFT JOIN events e USING (event_id)
ORDER BY c.rowid;

-- Claims about scoped events (the tests of scoped_events, on each claim's event), made in the window.
CREATE MACRO scoped_claims(date_from, date_to, network, countries, kinds, min_conf, scope) AS TABLE
SELECT c.*
FROM claims c POSITIONAL JOIN claim_events ce
WHERE ce.event_hi >= date_from AND ce.event_lo <= date_to
  AND (len(countries) = 0 OR list_contains(countries, ce.event_country))
  AND (scope IS NULL OR get_bit(scope, ce.event_row::INTEGER) = 1)
  AND c.date_hi >= date_from AND c.date_lo <= date_to;
