-- Standings that are maintained, not recomputed: each participant's best public and best
-- private score on a competition, when they first reached it, and how many scored entries they
-- have. Written in the same transaction as every submission, invalidation and rescoring
-- (src/competitions/standings.rs); leaderboards, ranks, the list and the stats read it through
-- the two indexes below.
--
-- `*_order` is the score turned so that smaller is better (the score itself when lower is
-- better, its negation when higher is), so one ascending index serves every metric. Ranks are
-- distinct: equal scores go to whoever reached them first, then by user id.
CREATE TABLE competition_standings (
    competition_id   uuid NOT NULL REFERENCES competitions (id) ON DELETE CASCADE,
    user_id          uuid NOT NULL REFERENCES users (id),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    public_score     double precision NOT NULL,
    public_order     double precision NOT NULL,
    public_at        timestamptz NOT NULL,
    private_score    double precision NOT NULL,
    private_order    double precision NOT NULL,
    private_at       timestamptz NOT NULL,
    entries          integer NOT NULL CHECK (entries > 0),
    PRIMARY KEY (competition_id, user_id)
);
CREATE INDEX competition_standings_public_idx
    ON competition_standings (competition_id, public_order, public_at, user_id);
CREATE INDEX competition_standings_private_idx
    ON competition_standings (competition_id, private_order, private_at, user_id);

-- What the services would have written for the submissions already scored.
INSERT INTO competition_standings (competition_id, user_id, organization_id, public_score, public_order,
                                   public_at, private_score, private_order, private_at, entries)
SELECT p.competition_id, p.user_id, p.organization_id, p.public_score, p.public_order, p.created_at,
       q.private_score, q.private_order, q.created_at, n.entries
  FROM (SELECT DISTINCT ON (s.competition_id, s.user_id) s.competition_id, s.user_id, s.organization_id,
               s.public_score, s.public_score * d.sign AS public_order, s.created_at
          FROM competition_submissions s
          JOIN (SELECT id, CASE WHEN metric IN ('auc', 'accuracy', 'f1') THEN -1 ELSE 1 END AS sign
                  FROM competitions) d ON d.id = s.competition_id
         WHERE s.status = 'scored'
         ORDER BY s.competition_id, s.user_id, s.public_score * d.sign, s.created_at, s.id) p
  JOIN (SELECT DISTINCT ON (s.competition_id, s.user_id) s.competition_id, s.user_id,
               s.private_score, s.private_score * d.sign AS private_order, s.created_at
          FROM competition_submissions s
          JOIN (SELECT id, CASE WHEN metric IN ('auc', 'accuracy', 'f1') THEN -1 ELSE 1 END AS sign
                  FROM competitions) d ON d.id = s.competition_id
         WHERE s.status = 'scored'
         ORDER BY s.competition_id, s.user_id, s.private_score * d.sign, s.created_at, s.id) q
    ON q.competition_id = p.competition_id AND q.user_id = p.user_id
  JOIN (SELECT competition_id, user_id, count(*) AS entries FROM competition_submissions
         WHERE status = 'scored' GROUP BY competition_id, user_id) n
    ON n.competition_id = p.competition_id AND n.user_id = p.user_id;
