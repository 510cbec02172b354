-- Hardening: one audit row per throttled burst, a secret behind each competition's
-- public/private split, warnings kept with a submission, and only finite scores.

-- The last audited refusal per throttle key ("account_address:…", "address:…", "account:…");
-- refusals inside the window after it are counted, not audited one by one.
CREATE TABLE sign_in_throttle_notices (
    key          text PRIMARY KEY CHECK (length(key) <= 600),
    audited_at   timestamptz NOT NULL,
    suppressed   bigint NOT NULL DEFAULT 0 CHECK (suppressed >= 0),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_throttle_notices_audited_idx ON sign_in_throttle_notices (audited_at);

-- 32 random bytes the split hashes with each row id; never leaves the server. Competitions made
-- before this column keep their split (NULL: the competition id is hashed, as before).
ALTER TABLE competitions ADD COLUMN split_secret bytea
    CHECK (split_secret IS NULL OR length(split_secret) = 32);

-- What was accepted but worth saying (e.g. extra columns that were ignored).
ALTER TABLE competition_submissions ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]';

-- A score is a finite number (PostgreSQL compares NaN equal to itself). NOT VALID: rows stored
-- before the check are left as they are.
ALTER TABLE competition_submissions ADD CONSTRAINT competition_submissions_finite_scores CHECK (
    (score IS NULL OR score NOT IN ('Infinity', '-Infinity', 'NaN'))
    AND (public_score IS NULL OR public_score NOT IN ('Infinity', '-Infinity', 'NaN'))
    AND (private_score IS NULL OR private_score NOT IN ('Infinity', '-Infinity', 'NaN'))
) NOT VALID;
