-- Confidence bands and statistical ties on the boards: a paired bootstrap over the board's
-- rows, worked out in the background after the standings change (never while a page waits).
-- One row per participant and board, replaced whole each time; `bands_version` on the counts
-- says which standings version they belong to, so a board shows them only while they are
-- that version's (and every instance's board copy knows when they arrived).
CREATE TABLE competition_bands (
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    competition_id   uuid NOT NULL REFERENCES competitions (id) ON DELETE CASCADE,
    board            text NOT NULL CHECK (board IN ('public', 'private')),
    user_id          uuid NOT NULL REFERENCES users (id),
    -- The 95 % interval (none when too few resamples could be scored).
    low              double precision,
    high             double precision,
    -- Rows of a board sharing a number are statistically tied; none: tied with no neighbour.
    tie_group        integer CHECK (tie_group >= 1),
    PRIMARY KEY (competition_id, board, user_id),
    CHECK ((low IS NULL) = (high IS NULL) AND (low IS NULL OR low <= high))
);

-- The standings version the stored bands were worked out on, and whether they include the
-- private board (only after the deadline).
ALTER TABLE competition_counts ADD COLUMN bands_version bigint;
ALTER TABLE competition_counts ADD COLUMN bands_private boolean NOT NULL DEFAULT false;

CREATE OR REPLACE VIEW competition_overview AS
SELECT c.id, c.organization_id, c.slug, c.title, c.description, c.effective_status AS status,
       c.starts_at, c.deadline, c.metric, c.id_column, c.prediction_column,
       c.daily_submission_limit, c.public_share::float8 AS public_share, c.sponsor_id,
       u.display_name AS sponsor_name,
       COALESCE(k.version, 0) AS answer_key_version, COALESCE(k.row_count, 0) AS answer_key_rows,
       COALESCE(k.public_rows, 0) AS answer_key_public_rows,
       COALESCE(cc.participants, 0)::int8 AS participant_count,
       COALESCE(cc.on_board, 0)::int8 AS ranked_count,
       COALESCE(cc.standings_version, 0) AS standings_version,
       c.created_at,
       COALESCE(cc.bands_version = cc.standings_version, false) AS bands_current,
       COALESCE(cc.bands_version = cc.standings_version AND cc.bands_private, false) AS private_bands_current
  FROM competitions_now c
  JOIN users u ON u.id = c.sponsor_id
  LEFT JOIN competition_counts cc ON cc.competition_id = c.id
  LEFT JOIN LATERAL (SELECT version, row_count, public_rows FROM competition_answer_keys k
                      WHERE k.competition_id = c.id ORDER BY version DESC LIMIT 1) k ON true;
