-- Stage weight budgets, their history, evaluation periods, goal sheets and goals (DESIGN §6).

CREATE TABLE stages (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id      uuid NOT NULL REFERENCES organizations (id),
    number               integer NOT NULL CHECK (number BETWEEN 1 AND 99),
    name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    quantitative_weight  numeric(5, 2) NOT NULL CHECK (quantitative_weight BETWEEN 0 AND 100),
    qualitative_weight   numeric(5, 2) NOT NULL CHECK (qualitative_weight BETWEEN 0 AND 100),
    competency_weight    numeric(5, 2) NOT NULL CHECK (competency_weight BETWEEN 0 AND 100),
    -- Optimistic locking: every change bumps it; an edit names the version it started from.
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT stages_some_weight CHECK (quantitative_weight + qualitative_weight + competency_weight > 0),
    CONSTRAINT stages_organization_number_key UNIQUE (organization_id, number)
);

-- Append-only: one row per change of a stage's weights.
CREATE TABLE stage_weight_history (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    stage_id                    uuid NOT NULL REFERENCES stages (id),
    organization_id             uuid NOT NULL REFERENCES organizations (id),
    actor_user_id               uuid REFERENCES users (id),
    quantitative_weight_before  numeric(5, 2) NOT NULL,
    qualitative_weight_before   numeric(5, 2) NOT NULL,
    competency_weight_before    numeric(5, 2) NOT NULL,
    quantitative_weight_after   numeric(5, 2) NOT NULL,
    qualitative_weight_after    numeric(5, 2) NOT NULL,
    competency_weight_after     numeric(5, 2) NOT NULL,
    changed_at                  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stage_weight_history_stage_changed_idx ON stage_weight_history (stage_id, changed_at);
CREATE TRIGGER stage_weight_history_append_only
    BEFORE UPDATE OR DELETE ON stage_weight_history
    FOR EACH ROW EXECUTE FUNCTION forbid_append_only_change();

ALTER TABLE users ADD COLUMN stage_id uuid REFERENCES stages (id);

CREATE TABLE evaluation_periods (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    starts_on        date NOT NULL,
    ends_on          date NOT NULL,
    status           text NOT NULL CHECK (status IN ('planning', 'open', 'closed')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT evaluation_periods_dates CHECK (ends_on >= starts_on)
);
-- At most one open period per organization: "the current sheet" is unambiguous.
CREATE UNIQUE INDEX evaluation_periods_one_open_idx ON evaluation_periods (organization_id) WHERE status = 'open';

CREATE TABLE goal_sheets (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id       uuid NOT NULL REFERENCES organizations (id),
    user_id               uuid NOT NULL REFERENCES users (id),
    period_id             uuid NOT NULL REFERENCES evaluation_periods (id),
    status                text NOT NULL DEFAULT 'draft'
                          CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    manager_comment       text CHECK (length(manager_comment) <= 2000),
    -- The stage budget the weights were last validated against, kept so that a later change
    -- of the stage does not invalidate a sheet until its owner edits a weight.
    stage_id              uuid NOT NULL REFERENCES stages (id),
    stage_version         integer NOT NULL,
    quantitative_budget   numeric(5, 2) NOT NULL,
    qualitative_budget    numeric(5, 2) NOT NULL,
    competency_budget     numeric(5, 2) NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT goal_sheets_user_period_key UNIQUE (user_id, period_id)
);
CREATE INDEX goal_sheets_organization_status_idx ON goal_sheets (organization_id, status);

CREATE TABLE goals (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    sheet_id         uuid NOT NULL REFERENCES goal_sheets (id) ON DELETE CASCADE,
    category         text NOT NULL CHECK (category IN ('quantitative', 'qualitative', 'competency')),
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description      text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    measure          text NOT NULL DEFAULT '' CHECK (length(measure) <= 1000),
    weight           numeric(5, 2) NOT NULL CHECK (weight BETWEEN 0 AND 100),
    position         integer NOT NULL CHECK (position >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX goals_sheet_idx ON goals (sheet_id, category, position);

-- The default policy every organization starts with (stages 1–3 70/30/10, 4–5 80/20/10,
-- 6–9 100/0/10) and one open evaluation period for the current year.
CREATE FUNCTION seed_organization_defaults(org uuid) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO stages (organization_id, number, name, quantitative_weight, qualitative_weight, competency_weight)
    SELECT org, n, 'Stage ' || n,
           CASE WHEN n <= 3 THEN 70 WHEN n <= 5 THEN 80 ELSE 100 END,
           CASE WHEN n <= 3 THEN 30 WHEN n <= 5 THEN 20 ELSE 0 END,
           10
      FROM generate_series(1, 9) AS n;
    INSERT INTO evaluation_periods (organization_id, name, starts_on, ends_on, status)
    VALUES (org, 'FY' || to_char(current_date, 'YYYY'),
            date_trunc('year', current_date)::date,
            (date_trunc('year', current_date) + interval '1 year - 1 day')::date,
            'open');
$$;

CREATE FUNCTION organizations_seed_defaults() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM seed_organization_defaults(NEW.id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER organizations_seed_defaults
    AFTER INSERT ON organizations
    FOR EACH ROW EXECUTE FUNCTION organizations_seed_defaults();

SELECT seed_organization_defaults(id) FROM organizations;
