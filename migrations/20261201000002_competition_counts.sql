-- Counts read on every competition page and leaderboard, kept instead of counted: the number of
-- participants (enrollments) and of people on the board (standings rows). Updated by atomic
-- increments in the transactions that enroll, unenroll and refresh standings; a table of its
-- own so those updates never wait on (or deadlock with) the share locks uploads hold on the
-- competition row.
CREATE TABLE competition_counts (
    competition_id  uuid PRIMARY KEY REFERENCES competitions (id) ON DELETE CASCADE,
    participants    integer NOT NULL DEFAULT 0 CHECK (participants >= 0),
    on_board        integer NOT NULL DEFAULT 0 CHECK (on_board >= 0)
);

INSERT INTO competition_counts (competition_id, participants, on_board)
SELECT c.id,
       (SELECT count(*) FROM competition_enrollments e WHERE e.competition_id = c.id),
       (SELECT count(*) FROM competition_standings s WHERE s.competition_id = c.id)
  FROM competitions c;
