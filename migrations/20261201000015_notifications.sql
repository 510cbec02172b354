-- In-app notifications: one row per recipient, written in the transaction of the change that
-- causes it (a sheet returned or approved, a nomination decided, a cycle finalized, a
-- competition announcement, a rank lost, a rescoring finished). `data` holds what the text
-- shows (titles, ranks, a comment), rendered as text in the reader's language, never as HTML.
CREATE TABLE notifications (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    user_id          uuid NOT NULL REFERENCES users (id),
    kind             text NOT NULL CHECK (kind IN ('sheet_returned', 'sheet_approved', 'nomination_decided',
                                                   'cycle_finalized', 'announcement', 'rank_lost',
                                                   'rescoring_finished')),
    -- What it is about (a sheet, nomination, cycle or competition) and the page that shows it.
    subject_id       uuid NOT NULL,
    link             text NOT NULL CHECK (link LIKE '/%' AND length(link) <= 300),
    data             jsonb NOT NULL DEFAULT '{}',
    read_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
-- A person's list, newest first, and their unread ones (the bell's count, "read" by subject).
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id);
CREATE INDEX notifications_unread_idx ON notifications (user_id, kind, subject_id) WHERE read_at IS NULL;
-- Being overtaken again before reading updates the one unread "rank lost" of that competition.
CREATE UNIQUE INDEX notifications_rank_lost_key ON notifications (user_id, subject_id)
    WHERE kind = 'rank_lost' AND read_at IS NULL;

-- The participant's public rank when they last opened the competition, so its header can show
-- how the rank moved since.
ALTER TABLE competition_enrollments ADD COLUMN seen_rank integer;
