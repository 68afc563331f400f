-- The latest $limit claims about events in scope, for the timeline's claims lane, oldest first.
SELECT * FROM (
    SELECT c.claim_id, c.event_id, e.title AS event_title, c.date, c.date_lo, c.date_hi,
           ca.name AS claimant, su.name AS subject, c.stance, c.involvement,
           sl.sources AS source
    FROM (SELECT * FROM scoped_claims($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT) ORDER BY date_lo DESC, claim_id DESC LIMIT $limit::INTEGER) c
    JOIN events e USING (event_id)
    JOIN actors ca ON ca.actor_id = c.claimant_id
    JOIN actors su ON su.actor_id = c.subject_id
    JOIN source_labels sl ON sl.fact_kind = 'claim' AND sl.fact_id = c.claim_id
)
ORDER BY date_lo, claim_id
