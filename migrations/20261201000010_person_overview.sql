-- A person as lists and profiles show them: with their stage, team and the team's manager.
-- One definition for the profile query and the filtered, sorted people list.
CREATE VIEW person_overview AS
SELECT u.id, u.organization_id, u.email, u.display_name, u.role, u.locale, u.active,
       u.created_at, u.last_signed_in_at, u.password_hash IS NOT NULL AS has_password,
       s.id AS stage_id, s.number AS stage_number, s.name AS stage_name,
       t.id AS team_id, t.name AS team_name, t.manager_id, m.display_name AS manager_name
  FROM users u
  LEFT JOIN stages s ON s.id = u.stage_id
  LEFT JOIN team_members tm ON tm.user_id = u.id
  LEFT JOIN teams t ON t.id = tm.team_id
  LEFT JOIN users m ON m.id = t.manager_id;
