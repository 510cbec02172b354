-- A number that changes whenever a competition's standings do, so every instance can keep the
-- ranked board in memory and know, from the competition row it reads anyway, when its copy is
-- out of date. The standings refresh bumps it in the same transaction as the change; a new
-- display name changes the rows shown on the boards its owner is on, so it bumps those too.
ALTER TABLE competition_counts ADD COLUMN standings_version bigint NOT NULL DEFAULT 0;

CREATE INDEX competition_standings_user_idx ON competition_standings (user_id);

CREATE FUNCTION bump_standings_version_of_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Every competition the user is enrolled in, not only the boards they are on now: a
    -- first score being written concurrently is not visible here yet, but its enrollment was
    -- committed before that upload began. Waiting for such an upload's lock on the counts
    -- row, this bump lands after its version, so no board copy keeps the old name.
    UPDATE competition_counts SET standings_version = standings_version + 1
     WHERE competition_id IN (SELECT competition_id FROM competition_enrollments WHERE user_id = NEW.id
                              UNION
                              SELECT competition_id FROM competition_standings WHERE user_id = NEW.id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER users_display_name_on_boards
    AFTER UPDATE OF display_name ON users
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
    EXECUTE FUNCTION bump_standings_version_of_user();
