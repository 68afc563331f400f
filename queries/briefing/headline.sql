-- Headline figures for the filtered window.
WITH ev AS (SELECT * FROM scoped_events($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER, $scope::BIT)),
     rel AS (SELECT * FROM scoped_relationships($date_from::DATE, $date_to::DATE, $network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER)),
     act AS (SELECT * FROM scoped_actors($network::VARCHAR[], $countries::VARCHAR[], $kinds::VARCHAR[], $min_conf::INTEGER))
SELECT
    (SELECT count(*) FROM act WHERE kind = 'armed_group') AS armed_groups,
    (SELECT count(DISTINCT source_id) FROM rel
      WHERE type IN ('sponsors', 'funds', 'arms', 'trains', 'directs')) AS sponsors,
    (SELECT count(*) FROM ev) AS events,
    (SELECT sum(fatalities) FROM ev) AS fatalities,
    (SELECT count(*) FROM ev WHERE fatalities IS NOT NULL) AS events_with_fatalities,
    (SELECT count(*) FROM ev JOIN attribution USING (event_id)
      WHERE status IN ('competing claims', 'claimed and denied', 'retracted')) AS contested_events,
    (SELECT count(*) FROM rel) AS relationships
