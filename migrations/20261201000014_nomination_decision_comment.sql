-- An approval may carry a comment, as a rejection carries its reason; both are shown to
-- whoever may see the nomination.
ALTER TABLE nomination_decisions ADD COLUMN comment text CHECK (length(comment) <= 2000);
