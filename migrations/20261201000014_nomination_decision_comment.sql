-- An approval may carry a comment, as a rejection carries its reason; both are shown to
-- whoever may see the nomination.
ALTER TABLE nomination_decisions ADD COLUMN comment text CHECK (length(comment) <= 2000);

-- A nomination is decided once (the service holds its row and requires 'pending'); the index
-- says so to PostgreSQL too, and finds a nomination's decision without reading them all.
CREATE UNIQUE INDEX nomination_decisions_once ON nomination_decisions (nomination_id);
