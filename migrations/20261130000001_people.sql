-- People administration: accounts made before their password, when people last signed in, one
-- team per person, set-password links, a note on a sheet a stage change sent back to draft,
-- and period names unique per organization.

-- NULL: no password yet (the person gets a set-password link); such an account cannot sign in.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users ADD COLUMN last_signed_in_at timestamptz;
CREATE INDEX users_organization_stage_idx ON users (organization_id, stage_id);

-- A person belongs to at most one team; their manager is that team's manager.
ALTER TABLE team_members ADD CONSTRAINT team_members_one_team UNIQUE (user_id);

-- Single use, 72 hours, only the SHA-256 of the token is stored (the link is shown once).
CREATE TABLE password_links (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    user_id          uuid NOT NULL REFERENCES users (id),
    token_hash       bytea NOT NULL CHECK (length(token_hash) = 32),
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz,
    -- NULL when the command line made it (the first admin).
    created_by       uuid REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT password_links_token_key UNIQUE (token_hash)
);
CREATE INDEX password_links_user_idx ON password_links (user_id, created_at DESC);

-- Set when a change of the owner's stage sent a submitted sheet back to draft:
-- {"fromStage": 2, "toStage": 6}; cleared when the sheet is submitted again.
ALTER TABLE goal_sheets ADD COLUMN stage_note jsonb;

ALTER TABLE evaluation_periods ADD CONSTRAINT evaluation_periods_name_key UNIQUE (organization_id, name);
