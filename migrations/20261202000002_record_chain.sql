-- A tamper-evident record: every audit row and every row of a finalization snapshot is a link
-- in its organization's hash chain (audit rows without an organization form one more chain,
-- under the nil id). A link carries the SHA-256 of its row's content, the previous link's hash
-- and its own hash, SHA-256(previous ‖ content). Editing, deleting or reordering a row breaks
-- the chain at that row, which `merit audit verify` and the admin's audit page report.
--
-- Links are made when the writing transaction commits (a deferred constraint trigger), one
-- transaction at a time per chain (the chain's head row is locked until the commit): the
-- writer's other locks are all taken by then, so linking cannot deadlock with them, and
-- concurrent writers get consecutive links in commit order.

CREATE TABLE record_chain_heads (
    chain_id    uuid PRIMARY KEY,
    seq         bigint NOT NULL,
    row_sha256  bytea
);

CREATE TABLE record_chain (
    chain_id         uuid NOT NULL,
    seq              bigint NOT NULL CHECK (seq >= 1),
    table_name       text NOT NULL
                     CHECK (table_name IN ('audit_logs', 'nomination_history_nominations', 'nomination_history_rankings')),
    row_id           uuid NOT NULL,
    content_sha256   bytea NOT NULL,
    previous_sha256  bytea,
    row_sha256       bytea NOT NULL,
    linked_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, seq),
    CONSTRAINT record_chain_row_once UNIQUE (table_name, row_id)
);
CREATE TRIGGER record_chain_append_only
    BEFORE UPDATE OR DELETE ON record_chain
    FOR EACH ROW EXECUTE FUNCTION forbid_append_only_change();

-- The content of each chained row: its columns by name, times as seconds since the epoch
-- (independent of the session's time zone). Named columns, not the whole row, so that a column
-- added later does not change the content of rows written before it.
CREATE FUNCTION audit_logs_content(a audit_logs) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT convert_to(jsonb_build_object(
        'id', a.id, 'organizationId', a.organization_id, 'actorUserId', a.actor_user_id,
        'action', a.action, 'entityType', a.entity_type, 'entityId', a.entity_id,
        'payload', a.payload, 'requestId', a.request_id,
        'createdAt', extract(epoch FROM a.created_at))::text, 'UTF8')
$$;

CREATE FUNCTION nomination_history_nominations_content(n nomination_history_nominations) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT convert_to(jsonb_build_object(
        'id', n.id, 'organizationId', n.organization_id, 'cycleId', n.cycle_id,
        'nominationId', n.nomination_id, 'nomineeId', n.nominee_id, 'nomineeName', n.nominee_name,
        'submitterId', n.submitter_id, 'submitterName', n.submitter_name,
        'justification', n.justification, 'status', n.status,
        'weightedScore', n.weighted_score, 'scores', n.scores,
        'snapshotAt', extract(epoch FROM n.snapshot_at))::text, 'UTF8')
$$;

CREATE FUNCTION nomination_history_rankings_content(r nomination_history_rankings) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT convert_to(jsonb_build_object(
        'id', r.id, 'organizationId', r.organization_id, 'cycleId', r.cycle_id,
        'nomineeId', r.nominee_id, 'nomineeName', r.nominee_name, 'total', r.total,
        'approvedCount', r.approved_count, 'rank', r.rank,
        'snapshotAt', extract(epoch FROM r.snapshot_at))::text, 'UTF8')
$$;

-- Appends one row to its chain.
CREATE FUNCTION record_chain_append(chain uuid, tbl text, row_id uuid, content bytea) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    head record_chain_heads%ROWTYPE;
    content_hash bytea := sha256(content);
    link_hash bytea;
BEGIN
    INSERT INTO record_chain_heads (chain_id, seq, row_sha256) VALUES (chain, 0, NULL)
        ON CONFLICT (chain_id) DO NOTHING;
    SELECT * INTO head FROM record_chain_heads WHERE chain_id = chain FOR UPDATE;
    link_hash := sha256(coalesce(head.row_sha256, ''::bytea) || content_hash);
    INSERT INTO record_chain (chain_id, seq, table_name, row_id, content_sha256, previous_sha256, row_sha256)
        VALUES (chain, head.seq + 1, tbl, row_id, content_hash, head.row_sha256, link_hash);
    UPDATE record_chain_heads SET seq = head.seq + 1, row_sha256 = link_hash WHERE chain_id = chain;
END;
$$;

CREATE FUNCTION record_chain_link() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    content bytea;
BEGIN
    CASE TG_TABLE_NAME
        WHEN 'audit_logs' THEN content := audit_logs_content(NEW);
        WHEN 'nomination_history_nominations' THEN content := nomination_history_nominations_content(NEW);
        WHEN 'nomination_history_rankings' THEN content := nomination_history_rankings_content(NEW);
    END CASE;
    PERFORM record_chain_append(coalesce(NEW.organization_id, '00000000-0000-0000-0000-000000000000'::uuid),
                                TG_TABLE_NAME, NEW.id, content);
    RETURN NULL;
END;
$$;

-- The rows written before the chain existed, oldest first, each chain in turn. Writers wait
-- until the triggers below exist, so no row is committed between the two unlinked.
LOCK TABLE audit_logs, nomination_history_nominations, nomination_history_rankings IN SHARE ROW EXCLUSIVE MODE;
DO $$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT coalesce(organization_id, '00000000-0000-0000-0000-000000000000'::uuid) AS chain, tbl, id, content, at
          FROM (SELECT organization_id, 'audit_logs' AS tbl, a.id, audit_logs_content(a) AS content, a.created_at AS at
                  FROM audit_logs a
                UNION ALL
                SELECT organization_id, 'nomination_history_nominations', n.id,
                       nomination_history_nominations_content(n), n.snapshot_at
                  FROM nomination_history_nominations n
                UNION ALL
                SELECT organization_id, 'nomination_history_rankings', h.id,
                       nomination_history_rankings_content(h), h.snapshot_at
                  FROM nomination_history_rankings h) rows
         ORDER BY 1, at, tbl, id
    LOOP
        PERFORM record_chain_append(r.chain, r.tbl, r.id, r.content);
    END LOOP;
END;
$$;

CREATE CONSTRAINT TRIGGER audit_logs_chain
    AFTER INSERT ON audit_logs DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION record_chain_link();
CREATE CONSTRAINT TRIGGER nomination_history_nominations_chain
    AFTER INSERT ON nomination_history_nominations DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION record_chain_link();
CREATE CONSTRAINT TRIGGER nomination_history_rankings_chain
    AFTER INSERT ON nomination_history_rankings DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION record_chain_link();
