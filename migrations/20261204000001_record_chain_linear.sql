-- Linking in time linear in the rows a transaction writes, and cheap per row. Until now every
-- chained row had a deferred row trigger that updated its chain's head row: inside one
-- transaction those row versions cannot be pruned, so each link's lookup of the head walked all
-- the versions before it, and a transaction of N chained rows cost O(N²) (20,000 audit rows:
-- 16 s against 0.4 s unlinked; `scripts/bench-chain.sh`).
--
-- Now each INSERT statement queues its rows, with their content's SHA-256, in one set-based
-- statement (a statement trigger reading the inserted rows), and queues one flush per chain
-- and transaction. The flushes run as the transaction commits (a deferred constraint trigger,
-- as the links were made before): each takes its chain's transaction-level advisory lock, so
-- concurrent writers still get consecutive links in commit order, links the queued rows in the
-- order they were written, from the chain's last link (or its head, when the head is further
-- on: the newest links were cut off and the gap stays visible), and moves the head once.
--
-- A head row that is gone is not made again: verification reports it, and commits go on.

DROP TRIGGER audit_logs_chain ON audit_logs;
DROP TRIGGER nomination_history_nominations_chain ON nomination_history_nominations;
DROP TRIGGER nomination_history_rankings_chain ON nomination_history_rankings;
DROP FUNCTION record_chain_link();
DROP FUNCTION record_chain_append(uuid, text, uuid, bytea);

-- Rows written and not linked yet: only ever the writing transaction's own, until it commits.
CREATE UNLOGGED TABLE record_chain_pending (
    n               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chain_id        uuid NOT NULL,
    table_name      text NOT NULL,
    row_id          uuid NOT NULL,
    content_sha256  bytea NOT NULL
);
CREATE INDEX record_chain_pending_chain_idx ON record_chain_pending (chain_id, n);

-- A chain with rows pending in the transaction: inserting its row queues the flush.
CREATE UNLOGGED TABLE record_chain_flushes (
    chain_id uuid PRIMARY KEY
);

CREATE FUNCTION record_chain_enqueue() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    CASE TG_TABLE_NAME
        WHEN 'audit_logs' THEN
            INSERT INTO record_chain_pending (chain_id, table_name, row_id, content_sha256)
            SELECT coalesce(r.organization_id, '00000000-0000-0000-0000-000000000000'::uuid), TG_TABLE_NAME, r.id,
                   sha256(audit_logs_content(r::audit_logs))
              FROM new_rows r;
        WHEN 'nomination_history_nominations' THEN
            INSERT INTO record_chain_pending (chain_id, table_name, row_id, content_sha256)
            SELECT r.organization_id, TG_TABLE_NAME, r.id,
                   sha256(nomination_history_nominations_content(r::nomination_history_nominations))
              FROM new_rows r;
        WHEN 'nomination_history_rankings' THEN
            INSERT INTO record_chain_pending (chain_id, table_name, row_id, content_sha256)
            SELECT r.organization_id, TG_TABLE_NAME, r.id,
                   sha256(nomination_history_rankings_content(r::nomination_history_rankings))
              FROM new_rows r;
    END CASE;
    INSERT INTO record_chain_flushes (chain_id)
    SELECT DISTINCT coalesce(r.organization_id, '00000000-0000-0000-0000-000000000000'::uuid) FROM new_rows r
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

-- Links the chain's pending rows as the transaction commits. Rows queued after it (by a trigger
-- that runs at commit too) queue another flush.
CREATE FUNCTION record_chain_flush() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    chain uuid := NEW.chain_id;
    head record_chain_heads%ROWTYPE;
    last_seq bigint;
    last_hash bytea;
    link_hash bytea;
    pending record;
    seqs bigint[] := '{}';
    tables text[] := '{}';
    ids uuid[] := '{}';
    contents bytea[] := '{}';
    previous bytea[] := '{}';
    hashes bytea[] := '{}';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('merit-record-chain:' || chain::text, 0));
    SELECT * INTO head FROM record_chain_heads WHERE chain_id = chain;
    SELECT seq, row_sha256 INTO last_seq, last_hash
      FROM record_chain WHERE chain_id = chain ORDER BY seq DESC LIMIT 1;
    IF head.chain_id IS NULL AND last_seq IS NULL THEN
        -- A new chain.
        INSERT INTO record_chain_heads (chain_id, seq, row_sha256) VALUES (chain, 0, NULL);
    ELSIF head.chain_id IS NOT NULL AND head.seq >= coalesce(last_seq, 0) THEN
        last_seq := head.seq;
        last_hash := head.row_sha256;
    END IF;
    last_seq := coalesce(last_seq, 0);
    FOR pending IN
        SELECT table_name, row_id, content_sha256 FROM record_chain_pending WHERE chain_id = chain ORDER BY n
    LOOP
        last_seq := last_seq + 1;
        link_hash := sha256(coalesce(last_hash, ''::bytea) || pending.content_sha256);
        seqs := seqs || last_seq;
        tables := tables || pending.table_name;
        ids := ids || pending.row_id;
        contents := contents || pending.content_sha256;
        previous := previous || last_hash;
        hashes := hashes || link_hash;
        last_hash := link_hash;
    END LOOP;
    INSERT INTO record_chain (chain_id, seq, table_name, row_id, content_sha256, previous_sha256, row_sha256)
    SELECT chain, l.* FROM unnest(seqs, tables, ids, contents, previous, hashes) l;
    DELETE FROM record_chain_pending WHERE chain_id = chain;
    UPDATE record_chain_heads SET seq = last_seq, row_sha256 = last_hash
     WHERE chain_id = chain AND cardinality(seqs) > 0;
    DELETE FROM record_chain_flushes WHERE chain_id = chain;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER record_chain_flushes_link
    AFTER INSERT ON record_chain_flushes DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION record_chain_flush();

CREATE TRIGGER audit_logs_chain
    AFTER INSERT ON audit_logs REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_chain_enqueue();
CREATE TRIGGER nomination_history_nominations_chain
    AFTER INSERT ON nomination_history_nominations REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_chain_enqueue();
CREATE TRIGGER nomination_history_rankings_chain
    AFTER INSERT ON nomination_history_rankings REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION record_chain_enqueue();
