-- Foundation: organizations, users, teams, sessions, audit log, sign-in attempts.

CREATE TABLE organizations (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organizations_slug_key UNIQUE (slug)
);

CREATE TABLE users (
    id               uuid PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    email            text NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1),
    display_name     text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    password_hash    text NOT NULL,
    role             text NOT NULL CONSTRAINT users_role_check
                     CHECK (role IN ('admin', 'hr', 'manager', 'employee')),
    -- NULL: no preference saved yet, the browser's Accept-Language decides.
    locale           text CONSTRAINT users_locale_check CHECK (locale IN ('en', 'ja')),
    active           boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- Sign-in is by e-mail alone, so an address names one account across organizations.
    CONSTRAINT users_email_key UNIQUE (email)
);
CREATE INDEX users_organization_role_idx ON users (organization_id, role);
CREATE INDEX users_organization_name_idx ON users (organization_id, display_name);

CREATE TABLE teams (
    id               uuid PRIMARY KEY,
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    manager_id       uuid NOT NULL REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT teams_organization_name_key UNIQUE (organization_id, name)
);
CREATE INDEX teams_manager_idx ON teams (manager_id);

CREATE TABLE team_members (
    team_id          uuid NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id          uuid NOT NULL REFERENCES users (id),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user_idx ON team_members (user_id);

-- The tower-sessions PostgreSQL store's table, created here so the whole schema lives in migrations/.
CREATE SCHEMA IF NOT EXISTS tower_sessions;
CREATE TABLE tower_sessions.session (
    id           text PRIMARY KEY NOT NULL,
    data         bytea NOT NULL,
    expiry_date  timestamptz NOT NULL
);
CREATE INDEX session_expiry_idx ON tower_sessions.session (expiry_date);

-- Append-only: rows are inserted by the audit writer and never changed.
CREATE TABLE audit_logs (
    id               uuid PRIMARY KEY,
    -- NULL only for events with no organization, e.g. a failed sign-in for an unknown e-mail.
    organization_id  uuid REFERENCES organizations (id),
    actor_user_id    uuid REFERENCES users (id),
    action           text NOT NULL,
    entity_type      text NOT NULL,
    entity_id        uuid,
    payload          jsonb NOT NULL DEFAULT '{}'::jsonb,
    request_id       text,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_logs_organization_created_idx ON audit_logs (organization_id, created_at DESC);
CREATE INDEX audit_logs_actor_idx ON audit_logs (organization_id, actor_user_id, created_at DESC);
CREATE INDEX audit_logs_action_idx ON audit_logs (organization_id, action, created_at DESC);
CREATE INDEX audit_logs_entity_idx ON audit_logs (organization_id, entity_type, entity_id);

CREATE FUNCTION forbid_append_only_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_logs_append_only
    BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION forbid_append_only_change();

-- Sign-in attempts feed the throttle (per account and per address, sliding window).
CREATE TABLE login_attempts (
    id          uuid PRIMARY KEY,
    email       text NOT NULL,
    ip          text NOT NULL,
    succeeded   boolean NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, created_at DESC) WHERE NOT succeeded;
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, created_at DESC) WHERE NOT succeeded;
