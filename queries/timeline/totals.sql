-- How many events and claims are in scope, with and without coordinates, and their span.
WITH ev AS (SELECT * FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT)),
     cl AS (SELECT * FROM scoped_claims($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT))
SELECT (SELECT count(*) FROM ev) AS events,
       (SELECT count(*) FROM ev WHERE date_precision = 'year') AS yearly,
       (SELECT count(*) FROM ev WHERE lat IS NOT NULL AND lon IS NOT NULL) AS placed,
       (SELECT count(*) FROM cl) AS claims,
       least((SELECT min(date_lo) FROM ev), (SELECT min(date_lo) FROM cl)) AS first_day,
       greatest((SELECT max(coalesce(date_hi, date_lo)) FROM ev), (SELECT max(coalesce(date_hi, date_lo)) FROM cl)) AS last_day
