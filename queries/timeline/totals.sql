-- How many events and claims are in scope, with and without coordinates, and their span.
-- One pass over each (filtered counts), not a scan per figure.
WITH ev AS (
    SELECT count(*) AS events,
           count(*) FILTER (date_precision = 'year') AS yearly,
           count(*) FILTER (lat IS NOT NULL AND lon IS NOT NULL) AS placed,
           min(date_lo) AS first_day, max(coalesce(date_hi, date_lo)) AS last_day
    FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT)
), cl AS (
    SELECT count(*) AS claims, min(date_lo) AS first_day, max(coalesce(date_hi, date_lo)) AS last_day
    FROM scoped_claims($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT)
)
-- least and greatest skip a NULL: a view with events and no claims spans its events
SELECT ev.events, ev.yearly, ev.placed, cl.claims,
       least(ev.first_day, cl.first_day) AS first_day, greatest(ev.last_day, cl.last_day) AS last_day
FROM ev, cl
