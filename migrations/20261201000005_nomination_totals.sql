-- Each nominee's running total in a cycle: the weighted scores (in thousandths of a point, as
-- the weights are kept) and the number of approved nominations, added to by the transaction
-- that approves a nomination. The live ranking reads this table (one row per nominee) instead
-- of aggregating every score of every approved nomination on each request.
CREATE TABLE nomination_totals (
    cycle_id         uuid NOT NULL REFERENCES nomination_cycles (id),
    nominee_id       uuid NOT NULL REFERENCES users (id),
    organization_id  uuid NOT NULL REFERENCES organizations (id),
    total            bigint NOT NULL,
    approved_count   integer NOT NULL CHECK (approved_count > 0),
    PRIMARY KEY (cycle_id, nominee_id)
);
CREATE INDEX nomination_totals_rank_idx ON nomination_totals (cycle_id, total DESC);

INSERT INTO nomination_totals (cycle_id, nominee_id, organization_id, total, approved_count)
SELECT n.cycle_id, n.nominee_id, n.organization_id,
       coalesce((sum(c.weight * s.score) FILTER (WHERE c.is_active) * 1000)::bigint, 0),
       count(DISTINCT n.id)
  FROM nominations n
  LEFT JOIN nomination_scores s ON s.nomination_id = n.id
  LEFT JOIN nomination_criteria c ON c.id = s.criterion_id
 WHERE n.status = 'approved'
 GROUP BY n.cycle_id, n.nominee_id, n.organization_id;
