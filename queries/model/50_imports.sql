-- The releases imported (data/imports.csv, optional), in the order they were last imported.
-- A release whose source row the marking ceiling hides is hidden with it.
CREATE TABLE imports AS
SELECT * EXCLUDE (_row) REPLACE (
        split_list(unmatched) AS unmatched,
        try_cast(events AS BIGINT) AS events,
        try_cast(claims AS BIGINT) AS claims
    ),
    _row AS position
FROM raw_imports
WHERE source_id IN (SELECT source_id FROM sources);

INSERT INTO hidden_counts
SELECT 'imports', (SELECT count(*) FROM raw_imports) - (SELECT count(*) FROM imports);
