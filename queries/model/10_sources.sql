-- Sources, typed (see 09_hidden.sql for the ceiling).
CREATE TABLE sources AS
SELECT * EXCLUDE (_row) REPLACE (
        blank(url) AS url,
        coalesce(blank(marking), 'TLP:CLEAR') AS marking
    ),
    pd_lo(published) AS published_lo,
    -- '[Reuters report: ...]' describes a real document whose headline was not confirmed.
    starts_with(trim(title), '[') AND ends_with(trim(title), ']') AS title_described,
    -- What a reader can check: an address to open, and a headline to look for.
    CASE WHEN blank(url) IS NULL THEN 'no URL' ELSE 'URL given' END || ' · '
        || CASE WHEN title_described THEN 'title described' ELSE 'title confirmed' END AS checkable,
    marking_level(marking) AS marking_level
FROM raw_sources
WHERE marking_level(marking) <= (SELECT max_level FROM settings);
