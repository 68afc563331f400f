-- Typed tables are built from the raw text once the checks pass, one script per table
-- (a reload rebuilds only those whose files, or the files they lean on, changed: loader.py).
-- Rows marked above the deployment's ceiling (settings.max_level) never get here, and neither
-- does anything that leans on them: an edge to a hidden actor, a claim from a hidden source.
-- Columns beyond the contract are kept as text (SELECT * REPLACE).

-- The ids the ceiling hides (usually none), for pruning ';' lists: the rows of the raw files
-- marked above it, which are exactly the rows the typed tables leave out.
CREATE TABLE hidden_ids AS
SELECT (SELECT coalesce(list(source_id), []) FROM raw_sources
        WHERE marking_level(marking) > (SELECT max_level FROM settings)) AS sources,
       (SELECT coalesce(list(actor_id), []) FROM raw_actors
        WHERE marking_level(marking) > (SELECT max_level FROM settings)) AS actors;
