-- The span of the data: the default date window, and "data as of" (the latest fact).
SELECT least(
           (SELECT min(date_lo) FROM events),
           (SELECT min(date_lo) FROM claims)
       )::DATE AS first_day,
       greatest(
           (SELECT max(date_hi) FROM events),
           (SELECT max(date_hi) FROM claims),
           (SELECT max(published_lo) FROM sources)
       )::DATE AS last_day,
       greatest(
           (SELECT max(date_lo) FROM events),
           (SELECT max(date_lo) FROM claims),
           (SELECT max(published_lo) FROM sources)
       )::DATE AS latest_fact
