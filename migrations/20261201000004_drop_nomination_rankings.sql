-- Rankings are computed by a read-only query while a cycle runs and frozen in
-- nomination_history_rankings when it is finalized; this copy of the last computation was
-- written at finalization only and read by nothing.
DROP TABLE nomination_rankings;
