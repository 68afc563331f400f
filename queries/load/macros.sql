-- Scalar macros shared by the checks and the model. Run once per new database.

-- Partial dates ('YYYY', 'YYYY-MM', 'YYYY-MM-DD') as the first and last day they can mean.
CREATE OR REPLACE MACRO pd_lo(s) AS
    CASE length(trim(s))
        WHEN 4 THEN try_cast(trim(s) || '-01-01' AS DATE)
        WHEN 7 THEN try_cast(trim(s) || '-01' AS DATE)
        WHEN 10 THEN try_cast(trim(s) AS DATE)
    END;

CREATE OR REPLACE MACRO pd_hi(s) AS
    CASE length(trim(s))
        WHEN 4 THEN try_cast(trim(s) || '-12-31' AS DATE)
        WHEN 7 THEN CAST(last_day(try_cast(trim(s) || '-01' AS DATE)) AS DATE)
        WHEN 10 THEN try_cast(trim(s) AS DATE)
    END;

-- Blank cells (empty, quoted empty or spaces only) are missing values.
CREATE OR REPLACE MACRO blank(s) AS nullif(trim(s), '');

-- A cell that is not blank, as the checks test every cell: one that starts with anything but a space is
-- told without trimming it (most cells; trimming every cell was much of what the checks cost).
CREATE OR REPLACE MACRO filled(s) AS s <> '' AND (NOT starts_with(s, ' ') OR trim(s) <> '');

-- ';'-separated lists as a list of trimmed, non-empty items.
-- Most lists are written plainly (a;b, no spaces, no empty items): those are split as they are, without
-- the two lambdas over every item, which cost a third of building the events table at 1M events.
CREATE OR REPLACE MACRO split_list(s) AS
    CASE WHEN s IS NULL OR s = '' THEN []::VARCHAR[]
         WHEN NOT contains(s, ' ') AND NOT contains(s, ';;') AND NOT starts_with(s, ';') AND NOT ends_with(s, ';')
             THEN string_split(s, ';')
         ELSE list_filter(list_transform(string_split(s, ';'), lambda x: trim(x)), lambda x: x <> '')
    END;

-- A list without the items in `hidden` (ids the marking ceiling hides: usually none, and then
-- the list is kept as it is without looking at its items).
CREATE OR REPLACE MACRO prune(items, hidden) AS
    CASE WHEN len(hidden) = 0 THEN items ELSE list_filter(items, lambda x: NOT list_contains(hidden, x)) END;

-- TLP markings ordered; an empty marking is TLP:CLEAR.
CREATE OR REPLACE MACRO marking_level(s) AS
    CASE coalesce(blank(s), 'TLP:CLEAR')
        WHEN 'TLP:CLEAR' THEN 0 WHEN 'TLP:GREEN' THEN 1 WHEN 'TLP:AMBER' THEN 2 WHEN 'TLP:RED' THEN 3
    END;

CREATE OR REPLACE MACRO confidence_level(s) AS
    CASE s WHEN 'low' THEN 0 WHEN 'moderate' THEN 1 WHEN 'high' THEN 2 END;

-- Text for search: case, diacritics, apostrophes, hyphens and Arabic tatweel ignored
-- (Kata'ib = Kataib, Ḥizballah = hizballah).
CREATE OR REPLACE MACRO norm(s) AS
    lower(strip_accents(regexp_replace(coalesce(s, ''), '[''’‘ʼʿʾ`´\-\x{0640}\s]+', '', 'g')));
