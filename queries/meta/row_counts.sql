-- How many actors and events the data holds (the sizes of queries.Involvement's tables).
SELECT (SELECT count(*) FROM actors) AS actors, (SELECT count(*) FROM events) AS events
