-- How many sources a reader can check, and how: an address given, a headline confirmed or
-- only described ('[Reuters report: ...]').
SELECT count(*) AS sources,
       count(*) FILTER (url IS NOT NULL) AS url_given,
       count(*) FILTER (NOT title_described) AS title_confirmed,
       count(*) FILTER (title_described) AS title_described,
       count(*) FILTER (url IS NULL AND title_described) AS neither
FROM sources
