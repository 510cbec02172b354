-- Reference scores of each answer-key version: a constant prediction (the prior), seeded
-- random predictions and the perfect ones, scored like a submission over every part. They are
-- shown beside the leaderboards, never ranked.
CREATE TABLE competition_baselines (
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    competition_id   uuid NOT NULL REFERENCES competitions (id),
    key_version      integer NOT NULL CHECK (key_version >= 1),
    name             text NOT NULL CHECK (name IN ('constant', 'random', 'perfect')),
    score            double precision NOT NULL,
    public_score     double precision NOT NULL,
    private_score    double precision NOT NULL,
    -- The random baseline's seed (the same for every version of the competition's key).
    seed             bigint NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (competition_id, key_version, name)
);
