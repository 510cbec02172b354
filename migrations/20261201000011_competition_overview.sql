-- A competition as pages and the API show it: its effective status, sponsor, latest answer
-- key and counts. One definition for every query that reads competitions this way, so none of
-- them assembles the SELECT by hand.
CREATE VIEW competition_overview AS
SELECT c.id, c.organization_id, c.slug, c.title, c.description, c.effective_status AS status,
       c.starts_at, c.deadline, c.metric, c.id_column, c.prediction_column,
       c.daily_submission_limit, c.public_share::float8 AS public_share, c.sponsor_id,
       u.display_name AS sponsor_name,
       COALESCE(k.version, 0) AS answer_key_version, COALESCE(k.row_count, 0) AS answer_key_rows,
       COALESCE(k.public_rows, 0) AS answer_key_public_rows,
       COALESCE(cc.participants, 0)::int8 AS participant_count,
       COALESCE(cc.on_board, 0)::int8 AS ranked_count,
       COALESCE(cc.standings_version, 0) AS standings_version,
       c.created_at
  FROM competitions_now c
  JOIN users u ON u.id = c.sponsor_id
  LEFT JOIN competition_counts cc ON cc.competition_id = c.id
  LEFT JOIN LATERAL (SELECT version, row_count, public_rows FROM competition_answer_keys k
                      WHERE k.competition_id = c.id ORDER BY version DESC LIMIT 1) k ON true;
