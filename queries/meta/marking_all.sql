-- The highest marking level of any row loaded: the label of a page that shows the whole data
-- (Sources, Data, What changed), which the sidebar's filters do not narrow.
SELECT greatest(
    (SELECT coalesce(max(marking_level), 0) FROM sources),
    (SELECT coalesce(max(marking_level), 0) FROM actors),
    (SELECT coalesce(max(marking_level), 0) FROM relationships),
    (SELECT coalesce(max(marking_level), 0) FROM events),
    (SELECT coalesce(max(marking_level), 0) FROM claims)
)::INTEGER AS marking_level
