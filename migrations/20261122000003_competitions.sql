-- Internal competitions (DESIGN §8): sponsors, versioned answer keys kept as rows, enrollments,
-- submissions with their file, scores and validation errors, announcements.

CREATE TABLE competitions (
    id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id         uuid NOT NULL REFERENCES organizations (id),
    slug                    text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
    title                   text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description             text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    -- 'active' turns into 'ended' at the deadline (read through competitions_now).
    status                  text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'ended')),
    starts_at               timestamptz NOT NULL DEFAULT now(),
    deadline                timestamptz NOT NULL,
    metric                  text NOT NULL CHECK (metric IN ('auc', 'accuracy', 'logloss', 'f1', 'rmse', 'mae')),
    id_column               text NOT NULL CHECK (length(id_column) BETWEEN 1 AND 100),
    prediction_column       text NOT NULL CHECK (length(prediction_column) BETWEEN 1 AND 100),
    daily_submission_limit  integer NOT NULL DEFAULT 5 CHECK (daily_submission_limit BETWEEN 1 AND 100),
    public_share            numeric(3, 2) NOT NULL DEFAULT 0.30 CHECK (public_share > 0 AND public_share < 1),
    sponsor_id              uuid NOT NULL REFERENCES users (id),
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT competitions_slug_key UNIQUE (organization_id, slug),
    CONSTRAINT competitions_window CHECK (deadline > starts_at),
    CONSTRAINT competitions_columns CHECK (id_column <> prediction_column)
);
CREATE INDEX competitions_organization_idx ON competitions (organization_id, deadline DESC);

-- The status as of now: an active competition past its deadline has ended.
CREATE VIEW competitions_now AS
SELECT c.*,
       CASE WHEN c.status = 'active' AND c.deadline <= now() THEN 'ended' ELSE c.status END AS effective_status
  FROM competitions c;

CREATE TABLE competition_answer_keys (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    competition_id   uuid NOT NULL REFERENCES competitions (id),
    version          integer NOT NULL CHECK (version >= 1),
    row_count        integer NOT NULL CHECK (row_count >= 1),
    public_rows      integer NOT NULL CHECK (public_rows >= 0),
    uploaded_by      uuid NOT NULL REFERENCES users (id),
    -- How each participant's public rank moved when this version rescored the submissions.
    rank_moves       jsonb NOT NULL DEFAULT '[]',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT competition_answer_keys_version_key UNIQUE (competition_id, version)
);

-- The key's rows, so scoring never re-parses a file. `position` is the file's row order.
CREATE TABLE competition_answer_rows (
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    answer_key_id    uuid NOT NULL REFERENCES competition_answer_keys (id),
    position         integer NOT NULL,
    row_id           text NOT NULL,
    value            double precision NOT NULL,
    is_public        boolean NOT NULL,
    -- Rows of a key version never change; both stamps are its upload time.
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (answer_key_id, position),
    CONSTRAINT competition_answer_rows_id_key UNIQUE (answer_key_id, row_id)
);

CREATE TABLE competition_enrollments (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    competition_id   uuid NOT NULL REFERENCES competitions (id),
    user_id          uuid NOT NULL REFERENCES users (id),
    enrolled_at      timestamptz NOT NULL DEFAULT now(),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT competition_enrollments_key UNIQUE (competition_id, user_id)
);
CREATE INDEX competition_enrollments_user_idx ON competition_enrollments (user_id);

CREATE TABLE competition_submissions (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id      uuid NOT NULL REFERENCES organizations (id),
    competition_id       uuid NOT NULL REFERENCES competitions (id),
    user_id              uuid NOT NULL REFERENCES users (id),
    file_name            text NOT NULL CHECK (length(file_name) <= 255),
    -- The uploaded file, kept for rescoring; empty for invalid files (their errors are kept).
    file_bytes           bytea NOT NULL,
    size_bytes           integer NOT NULL CHECK (size_bytes >= 0),
    row_count            integer NOT NULL CHECK (row_count >= 0),
    status               text NOT NULL CHECK (status IN ('scored', 'invalid', 'invalidated')),
    score                double precision,
    public_score         double precision,
    private_score        double precision,
    validation_errors    jsonb NOT NULL DEFAULT '[]',
    -- Valid uploads count against the daily limit, also after an invalidation.
    counts_toward_limit  boolean NOT NULL,
    answer_key_version   integer,
    invalidated_by       uuid REFERENCES users (id),
    invalidated_at       timestamptz,
    invalidation_reason  text CHECK (length(invalidation_reason) <= 1000),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT competition_submissions_scores CHECK (status = 'invalid' OR (public_score IS NOT NULL AND private_score IS NOT NULL AND score IS NOT NULL)),
    CONSTRAINT competition_submissions_invalidated CHECK (status <> 'invalidated' OR (invalidated_by IS NOT NULL AND invalidated_at IS NOT NULL AND invalidation_reason IS NOT NULL))
);
CREATE INDEX competition_submissions_user_idx ON competition_submissions (competition_id, user_id, created_at);
CREATE INDEX competition_submissions_status_idx ON competition_submissions (competition_id, status, created_at);

CREATE TABLE competition_announcements (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    competition_id   uuid NOT NULL REFERENCES competitions (id),
    author_id        uuid NOT NULL REFERENCES users (id),
    body             text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX competition_announcements_idx ON competition_announcements (competition_id, created_at DESC);
