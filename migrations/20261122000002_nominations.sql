-- Recognition nominations (DESIGN §7): cycles with weighted criteria, nominations with
-- per-criterion scores, four-eyes decisions, rankings, and the finalized snapshot.

CREATE TABLE nomination_cycles (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description      text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    start_at         timestamptz NOT NULL,
    end_at           timestamptz NOT NULL,
    status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed', 'finalized')),
    scale_min        integer NOT NULL DEFAULT 1,
    scale_max        integer NOT NULL DEFAULT 5,
    created_by       uuid NOT NULL REFERENCES users (id),
    finalized_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT nomination_cycles_window CHECK (end_at > start_at),
    CONSTRAINT nomination_cycles_scale CHECK (scale_min >= 0 AND scale_max <= 100 AND scale_min < scale_max)
);
CREATE INDEX nomination_cycles_organization_status_idx ON nomination_cycles (organization_id, status, start_at DESC);

CREATE TABLE nomination_criteria (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    cycle_id         uuid NOT NULL REFERENCES nomination_cycles (id),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description      text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    weight           numeric(4, 3) NOT NULL CHECK (weight > 0 AND weight <= 1),
    is_active        boolean NOT NULL DEFAULT true,
    position         integer NOT NULL CHECK (position >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX nomination_criteria_cycle_idx ON nomination_criteria (cycle_id, position);

CREATE TABLE nominations (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    cycle_id         uuid NOT NULL REFERENCES nomination_cycles (id),
    nominee_id       uuid NOT NULL REFERENCES users (id),
    submitted_by     uuid NOT NULL REFERENCES users (id),
    justification    text NOT NULL CHECK (length(justification) BETWEEN 1 AND 4000),
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT nominations_once_per_submitter UNIQUE (cycle_id, nominee_id, submitted_by),
    CONSTRAINT nominations_not_self CHECK (nominee_id <> submitted_by)
);
CREATE INDEX nominations_cycle_status_idx ON nominations (cycle_id, status);

CREATE TABLE nomination_scores (
    nomination_id    uuid NOT NULL REFERENCES nominations (id),
    criterion_id     uuid NOT NULL REFERENCES nomination_criteria (id),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    score            integer NOT NULL,
    comment          text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (nomination_id, criterion_id)
);

-- Append-only: who decided what, and why.
CREATE TABLE nomination_decisions (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    nomination_id    uuid NOT NULL REFERENCES nominations (id),
    actor_user_id    uuid NOT NULL REFERENCES users (id),
    decision         text NOT NULL CHECK (decision IN ('approve', 'reject')),
    reason           text CHECK (length(reason) <= 2000),
    decided_at       timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER nomination_decisions_append_only
    BEFORE UPDATE OR DELETE ON nomination_decisions
    FOR EACH ROW EXECUTE FUNCTION forbid_append_only_change();

-- The latest computed ranking of a cycle (recomputed on demand and at finalization).
CREATE TABLE nomination_rankings (
    cycle_id         uuid NOT NULL REFERENCES nomination_cycles (id),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    nominee_id       uuid NOT NULL REFERENCES users (id),
    total            numeric(12, 3) NOT NULL,
    approved_count   integer NOT NULL,
    rank             integer NOT NULL CHECK (rank >= 1),
    computed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cycle_id, nominee_id)
);

-- The finalized snapshot: copied once at finalization, never changed, and independent of later
-- changes to users or nominations (names and scores are copied, not referenced for display).
CREATE TABLE nomination_history_nominations (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    cycle_id         uuid NOT NULL REFERENCES nomination_cycles (id),
    nomination_id    uuid NOT NULL,
    nominee_id       uuid NOT NULL,
    nominee_name     text NOT NULL,
    submitter_id     uuid NOT NULL,
    submitter_name   text NOT NULL,
    justification    text NOT NULL,
    status           text NOT NULL,
    weighted_score   numeric(12, 3) NOT NULL,
    scores           jsonb NOT NULL,
    snapshot_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT nomination_history_nominations_once UNIQUE (nomination_id)
);
CREATE TABLE nomination_history_rankings (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    cycle_id         uuid NOT NULL REFERENCES nomination_cycles (id),
    nominee_id       uuid NOT NULL,
    nominee_name     text NOT NULL,
    total            numeric(12, 3) NOT NULL,
    approved_count   integer NOT NULL,
    rank             integer NOT NULL,
    snapshot_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT nomination_history_rankings_once UNIQUE (cycle_id, nominee_id)
);
CREATE INDEX nomination_history_rankings_cycle_idx ON nomination_history_rankings (cycle_id, rank);
CREATE TRIGGER nomination_history_nominations_append_only
    BEFORE UPDATE OR DELETE ON nomination_history_nominations
    FOR EACH ROW EXECUTE FUNCTION forbid_append_only_change();
CREATE TRIGGER nomination_history_rankings_append_only
    BEFORE UPDATE OR DELETE ON nomination_history_rankings
    FOR EACH ROW EXECUTE FUNCTION forbid_append_only_change();
