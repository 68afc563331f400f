-- Events in scope per month (of date_lo) and type, for the timeline's monthly bars; events
-- dated only to a year are counted in timeline/totals instead.
SELECT date_trunc('month', date_lo)::DATE AS month, type, count(*) AS count
FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT)
WHERE date_precision <> 'year'
GROUP BY ALL
ORDER BY month, type
