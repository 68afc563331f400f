-- Countries that actors are based in or events happened in: the country filter's choices.
SELECT DISTINCT country FROM (
    SELECT country FROM actors UNION ALL SELECT country FROM events
)
WHERE country IS NOT NULL
ORDER BY country
