-- Two SQL fragments that several queries share, each with one home (they were pasted into
-- queries with format! before the queries became compile-checked).

-- The rank of a standings row on the public board: one more than the rows ahead of it,
-- counted through the board's index (competition_standings_public_idx).
CREATE FUNCTION public_rank(me competition_standings) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT 1 + count(*) FROM competition_standings o
     WHERE o.competition_id = me.competition_id
       AND (o.public_order, o.public_at, o.user_id) < (me.public_order, me.public_at, me.user_id)
$$;

-- A participant's uploads since `since` that count toward the daily submission limit.
CREATE FUNCTION uploads_counted_since(competition uuid, participant uuid, since timestamptz)
RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT count(*) FROM competition_submissions s
     WHERE s.competition_id = competition AND s.user_id = participant
       AND s.counts_toward_limit AND s.created_at >= since
$$;
