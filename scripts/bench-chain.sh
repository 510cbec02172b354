#!/usr/bin/env bash
#! Benchmark (not a test): what the tamper-evident record (the hash chain linked as a
#! transaction commits) costs a transaction that writes many chained rows at once, as a bulk
#! import, a large finalization or the scale seeding does. One transaction inserts N audit rows
#! of one organization, for N = 5,000, 10,000 and 20,000. The reference, measured in the same
#! run: the same inserts with the chain's triggers off. Target: linking is linear in N, so the
#! cost per row at 20,000 is under twice the cost per row at 5,000; the script exits 1 when it
#! is not. Needs only psql and the migrations; loopback only; under a minute when linear.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*"; }
# shellcheck source=scripts/db.sh
source scripts/db.sh

db=merit_bench_chain
url="$MERIT_PG_URL/$db"
merit_db_recreate "$db"
trap 'psql "$MERIT_PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
for migration in migrations/*.sql; do
  psql "$url" -q -1 -v ON_ERROR_STOP=1 -f "$migration" >/dev/null
done
organization=$(python3 -c 'import uuid; print(uuid.uuid4())')
psql "$url" -q -v ON_ERROR_STOP=1 \
  -c "INSERT INTO organizations (id, name, slug) VALUES ('$organization', 'Bench', 'bench')"

# Seconds one transaction takes to insert $1 audit rows ($2: 'chained' or 'reference').
insert_rows() {
  local rows=$1 mode=$2 setup=""
  [ "$mode" = reference ] && setup="SET LOCAL session_replication_role = replica;"
  local start end
  start=$(date +%s.%N)
  psql "$url" -q -v ON_ERROR_STOP=1 -1 -c "$setup
    INSERT INTO audit_logs (id, organization_id, action, entity_type, payload)
    SELECT gen_random_uuid(), '$organization', 'bench.write', 'bench', jsonb_build_object('n', n)
      FROM generate_series(1, $rows) n" >/dev/null
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.3f}')"
}

declare -A chained reference
for rows in 5000 10000 20000; do
  reference[$rows]=$(insert_rows "$rows" reference)
  chained[$rows]=$(insert_rows "$rows" chained)
  log "$rows rows in one transaction: ${chained[$rows]} s linked, ${reference[$rows]} s with the chain off"
done

linked=$(psql "$url" -Atc "SELECT count(*) FROM record_chain WHERE chain_id = '$organization'")
head=$(psql "$url" -Atc "SELECT seq FROM record_chain_heads WHERE chain_id = '$organization'")
# Links that do not follow the one before them (number, previous hash, own hash).
unchained=$(psql "$url" -Atc "SELECT count(*) FROM (
    SELECT seq, lag(seq) OVER w AS prior_seq, previous_sha256, lag(row_sha256) OVER w AS prior_hash,
           row_sha256, content_sha256
      FROM record_chain WHERE chain_id = '$organization' WINDOW w AS (ORDER BY seq)) l
   WHERE seq <> coalesce(prior_seq, 0) + 1 OR previous_sha256 IS DISTINCT FROM prior_hash
      OR row_sha256 <> sha256(coalesce(previous_sha256, ''::bytea) || content_sha256)")
log "links made: $linked (35,000 expected), $unchained not following the one before; the chain's head names link $head"
python3 - "${chained[5000]}" "${chained[20000]}" "${reference[5000]}" "${reference[20000]}" "$linked" "$head" "$unchained" <<'PY'
import sys
small, large, ref_small, ref_large = map(float, sys.argv[1:5])
linked, head, unchained = int(sys.argv[5]), int(sys.argv[6] or 0), int(sys.argv[7])
per_small, per_large = small / 5000 * 1000, large / 20000 * 1000
growth = per_large / per_small
print(f"[bench] per 1,000 rows: {per_small:.3f} s at 5,000 rows, {per_large:.3f} s at 20,000 "
      f"(x{growth:.2f}); with the chain off {ref_small / 5:.3f} s and {ref_large / 20:.3f} s")
failed = False
if linked != 35000 or head != 35000 or unchained != 0:
    print("[bench] FAIL: every row must be linked once, in one chain, and the head must name the last link")
    failed = True
if growth >= 2:
    print("[bench] FAIL: the cost per row grows with the rows a transaction writes (target: under x2)")
    failed = True
sys.exit(1 if failed else 0)
PY
