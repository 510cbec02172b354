-- A nomination's weighted score (Σ weight × score over the cycle's active criteria, in
-- thousandths of a point) is computed once, by the service that takes the nomination, with
-- the rule in src/domain/nominations.rs (`weighted_score`): a cycle's criteria cannot change
-- once it is open, so the score never changes. Totals, lists and the finalized archive read
-- this column instead of repeating the formula in SQL. The formula below only fills in the
-- nominations made before.
ALTER TABLE nominations ADD COLUMN weighted_milli bigint;
UPDATE nominations n
   SET weighted_milli = coalesce((SELECT (sum(c.weight * s.score) FILTER (WHERE c.is_active) * 1000)::bigint
                                    FROM nomination_scores s
                                    JOIN nomination_criteria c ON c.id = s.criterion_id
                                   WHERE s.nomination_id = n.id), 0);
ALTER TABLE nominations ALTER COLUMN weighted_milli SET NOT NULL;
