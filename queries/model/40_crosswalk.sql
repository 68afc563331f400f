-- The importers' crosswalk (data/crosswalk.csv, optional): a dataset's spelling of an actor.
-- A row naming an actor above the marking ceiling is hidden with the actor.
CREATE TABLE crosswalk AS
SELECT * EXCLUDE (_row) REPLACE (trim(source_name) AS source_name)
FROM raw_crosswalk
WHERE actor_id IN (SELECT actor_id FROM actors);

INSERT INTO hidden_counts
SELECT 'crosswalk', (SELECT count(*) FROM raw_crosswalk) - (SELECT count(*) FROM crosswalk);
