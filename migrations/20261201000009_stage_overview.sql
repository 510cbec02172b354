-- A stage as its pages and the API show it: the budget in hundredths, who changed it last,
-- and how many people and open goal sheets it has. One definition for every query that reads
-- stages this way, so none of them assembles the SELECT by hand.
CREATE VIEW stage_overview AS
SELECT s.id, s.organization_id, s.number, s.name,
       (s.quantitative_weight * 100)::bigint AS quantitative_weight,
       (s.qualitative_weight * 100)::bigint AS qualitative_weight,
       (s.competency_weight * 100)::bigint AS competency_weight,
       s.version, s.updated_at,
       (SELECT u.display_name FROM stage_weight_history h LEFT JOIN users u ON u.id = h.actor_user_id
         WHERE h.stage_id = s.id ORDER BY h.changed_at DESC LIMIT 1) AS last_changed_by,
       (SELECT count(*) FROM users u WHERE u.stage_id = s.id AND u.active) AS people,
       (SELECT count(*) FROM goal_sheets gs
          JOIN evaluation_periods p ON p.id = gs.period_id AND p.status = 'open'
         WHERE gs.stage_id = s.id AND gs.status <> 'approved') AS open_sheets
  FROM stages s;
