-- Rescoring as a background job: a new answer-key version of an active competition queues one
-- job; a worker of any instance claims it (FOR UPDATE SKIP LOCKED, then a lease it renews with
-- every file) and rescores the stored submissions one file at a time, each in its own short
-- transaction. `claim` is a fencing token: a worker whose lease ran out (it stalled, or its
-- instance died) and was taken over can write nothing more, so no file is rescored twice.
CREATE TABLE competition_rescoring_jobs (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    competition_id   uuid NOT NULL REFERENCES competitions (id) ON DELETE CASCADE,
    answer_key_id    uuid NOT NULL REFERENCES competition_answer_keys (id),
    version          integer NOT NULL,
    -- pending → running → done; superseded when a newer version arrives first.
    status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'running', 'done', 'superseded')),
    total            integer NOT NULL CHECK (total >= 0),
    done             integer NOT NULL DEFAULT 0 CHECK (done >= 0),
    no_longer_scored integer NOT NULL DEFAULT 0 CHECK (no_longer_scored >= 0),
    -- The public board when the version arrived, for the rank moves recorded at the end.
    board_before     jsonb NOT NULL DEFAULT '[]',
    claim            uuid,
    lease_until      timestamptz,
    -- How many times a worker took the job (more than one after a restart or a stall).
    claims           integer NOT NULL DEFAULT 0,
    uploaded_by      uuid NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT competition_rescoring_jobs_version_key UNIQUE (competition_id, version)
);

CREATE INDEX competition_rescoring_jobs_open_idx
    ON competition_rescoring_jobs (created_at) WHERE status IN ('pending', 'running');

-- The next stored file of a competition still scored against an older version.
CREATE INDEX competition_submissions_version_idx
    ON competition_submissions (competition_id, answer_key_version, created_at, id)
    WHERE status IN ('scored', 'invalidated');
