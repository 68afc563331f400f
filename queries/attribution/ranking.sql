-- Events with claims, most contested first: opposed assertions and denials of the same
-- involvement by different claimants, weighted by the reliability of their sources.
SELECT e.event_id, e.date, e.title, a.status, a.contest_score,
       a.claims, a.claimants, a.asserts, a.denials, a.retracts, a.assessments
FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT) e
JOIN attribution a USING (event_id)
ORDER BY a.contest_score DESC, a.claims DESC, e.date_lo DESC, e.event_id
