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

-- Addresses an account signed in from lately are exempt from its all-addresses limit.
CREATE INDEX login_attempts_known_idx ON login_attempts (email, ip, created_at DESC) WHERE succeeded;

-- 32 random bytes the split hashes with each row id; never leaves the server. Competitions with
-- an answer key keep their split (NULL: the competition id is hashed, as before); those without
-- one get a secret now (two random UUIDs' 244 random bits: gen_random_uuid draws them from a
-- cryptographically strong source, and pgcrypto is not needed).
ALTER TABLE competitions ADD COLUMN split_secret bytea
    CHECK (split_secret IS NULL OR length(split_secret) = 32);
UPDATE competitions c SET split_secret = uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())
 WHERE NOT EXISTS (SELECT 1 FROM competition_answer_keys k WHERE k.competition_id = c.id);

-- What was accepted but worth saying (e.g. extra columns that were ignored).
ALTER TABLE competition_submissions ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]';

-- A score is a finite number (PostgreSQL compares NaN equal to itself). Submissions stored with
-- an overflowing score before this become invalid, with the reason, as a new upload would.
UPDATE competition_submissions
   SET status = 'invalid', score = NULL, public_score = NULL, private_score = NULL,
       validation_errors = '[{"code": "SCORE_NOT_FINITE", "message": "the score is not a finite number: the predictions are too large to score", "count": 1}]',
       updated_at = now()
 WHERE score IN ('Infinity', '-Infinity', 'NaN')
    OR public_score IN ('Infinity', '-Infinity', 'NaN')
    OR private_score IN ('Infinity', '-Infinity', 'NaN');
ALTER TABLE competition_submissions ADD CONSTRAINT competition_submissions_finite_scores CHECK (
    (score IS NULL OR score NOT IN ('Infinity', '-Infinity', 'NaN'))
    AND (public_score IS NULL OR public_score NOT IN ('Infinity', '-Infinity', 'NaN'))
    AND (private_score IS NULL OR private_score NOT IN ('Infinity', '-Infinity', 'NaN'))
);
