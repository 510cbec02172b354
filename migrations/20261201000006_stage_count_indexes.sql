-- The stage list shows, per stage, how many active people sit on it and how many sheets are
-- still open. Without these, each of the nine counts read every user (or sheet) of every
-- organization; with them, each is an index-only range of its own stage.
CREATE INDEX users_active_stage_idx ON users (stage_id) WHERE active;
CREATE INDEX goal_sheets_open_stage_idx ON goal_sheets (stage_id, period_id) WHERE status <> 'approved';
