#!/usr/bin/env bash
#! Benchmark (not a test): a 1,000,000-row prediction file uploaded through HTTP end to end
#! (read, validated, scored, stored, ranked) against a release server on loopback, and a
#! rescoring of 200 stored submissions of 100,000 rows: how long it takes, the server's peak
#! memory while it runs, and how uploads and the floor (`/api/health/ready`) answer meanwhile.
#!
#! A fresh database with the demo data; files come from scripts/bench_score.py (target/bench/).
#! The 200 stored submissions are copies of one uploaded file, inserted with SQL. About two
#! minutes; bounded by MERIT_BENCH_RESCORING_LIMIT seconds (300) for the rescoring.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { printf '\033[1;34m[bench-upload]\033[0m %s\n' "$*"; }
# shellcheck source=scripts/db.sh
source scripts/db.sh
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh

[ -x target/release/merit ] || { echo "build first: cargo leptos build --release --precompress" >&2; exit 1; }
python3 -c 'import numpy, pandas, sklearn' 2>/dev/null || python3 -m pip install --quiet numpy pandas scikit-learn
port=${MERIT_BENCH_PORT:-3111}
limit=${MERIT_BENCH_RESCORING_LIMIT:-300}
base="http://127.0.0.1:$port"
db=merit_bench_upload
folder=target/bench
work=$(mktemp -d)
sampler=""
trap '[ -n "$sampler" ] && kill "$sampler" 2>/dev/null; merit_server_stop; rm -rf "$work"' EXIT

python3 scripts/bench_score.py "$folder" str >/dev/null
# A 100,000-row key and submission: the first rows of the large ones.
head -n 100001 "$folder/key-str.csv" >"$work/key-100k.csv"
python3 - "$work/key-100k.csv" "$work/flipped-100k.csv" "$work/sub-100k.csv" <<'PY'
import random, sys
rows = open(sys.argv[1]).read().splitlines()[1:]
random.seed(1)
with open(sys.argv[2], "w") as flipped, open(sys.argv[3], "w") as sub:
    flipped.write("id,prediction\n")
    sub.write("id,prediction\n")
    for line in rows:
        rid, label = line.split(",")
        flipped.write(f"{rid},{1 - int(label) if random.random() < 0.1 else label}\n")
        sub.write(f"{rid},{min(1.0, int(label) * 0.3 + random.random() * 0.7):.4f}\n")
PY

merit_db_recreate "$db"
merit_server_start "$port" target/bench-upload-server.log DATABASE_URL="$MERIT_PG_URL/$db" MERIT_DEMO=1 \
  MERIT_RATE_LIMIT_PER_MINUTE=100000000
sponsor=$(merit_login "$base" employee@demo.test)
alice=$(merit_login "$base" alice@demo.test)
api() { # cookie method path [curl args...] -> body
  local who=$1 method=$2 path=$3
  shift 3
  curl -fsS -X "$method" -H "Cookie: $who" "$@" "$base$path"
}
competition() { # title key-file -> id
  local id
  id=$(api "$sponsor" POST /api/v1/competitions -H 'content-type: application/json' -d "{
      \"title\": \"$1\", \"description\": \"Benchmark\", \"deadline\": \"2099-01-01T00:00:00Z\",
      \"metric\": \"auc\", \"idColumn\": \"id\", \"predictionColumn\": \"prediction\",
      \"dailySubmissionLimit\": 100, \"publicShare\": 0.3 }" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  api "$sponsor" PUT "/api/v1/competitions/$id/answer-key" -F "file=@$2" >/dev/null
  api "$sponsor" POST "/api/v1/competitions/$id/activate" >/dev/null
  api "$alice" POST "/api/v1/competitions/$id/enroll" >/dev/null
  echo "$id"
}
upload() { # competition file -> "seconds status"
  curl -sS -o "$work/upload.json" -w '%{time_total} %{http_code}\n' -X POST -H "Cookie: $alice" \
    -F "file=@$2" "$base/api/v1/competitions/$1/submissions"
}

log "a competition with a 1,000,000-row key"
large=$(competition "Large" "$folder/key-str.csv")
log "1,000,000-row uploads (shuffled string ids, $(du -h "$folder/submission-str.csv" | cut -f1)), end to end through HTTP"
for i in 1 2 3; do
  read -r seconds status < <(upload "$large" "$folder/submission-str.csv")
  echo "upload $i: $seconds s, HTTP $status, score $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("score"))' "$work/upload.json")"
done

log "a competition with a 100,000-row key and 200 stored submissions"
small=$(competition "Rescoring" "$work/key-100k.csv")
read -r seconds status < <(upload "$small" "$work/sub-100k.csv")
[ "$status" = 201 ] || { cat "$work/upload.json" >&2; exit 1; }
psql "$MERIT_PG_URL/$db" -X -q -v ON_ERROR_STOP=1 -c "
  INSERT INTO competition_submissions (id, organization_id, competition_id, user_id, file_name, file_bytes,
         size_bytes, row_count, status, score, public_score, private_score, counts_toward_limit,
         answer_key_version, warnings, created_at, updated_at)
  SELECT gen_random_uuid(), organization_id, competition_id, user_id, file_name, file_bytes, size_bytes,
         row_count, status, score, public_score, private_score, false, answer_key_version, warnings,
         created_at - g * interval '1 second', updated_at
    FROM competition_submissions, generate_series(1, 199) g
   WHERE competition_id = '$small'"

before=$(merit_server_rss_kib)
(
  peak=0
  while sleep 0.1; do
    now=$(awk '/^VmRSS:/ { print $2 }' "/proc/$MERIT_SERVER_PID/status" 2>/dev/null || echo 0)
    [ "$now" -gt "$peak" ] && peak=$now && echo "$peak" >"$work/peak"
  done
) &
sampler=$!
log "a new key version: rescoring 200 × 100,000 rows in the background"
start=$(date +%s.%N)
api "$sponsor" PUT "/api/v1/competitions/$small/answer-key" -F "file=@$work/flipped-100k.csv" \
  | python3 -c 'import json,sys; r=json.load(sys.stdin)["rescoring"]; print("queued:", r["total"], "submissions,", r["status"])'
sleep 1
read -r seconds status < <(upload "$large" "$folder/submission-str.csv")
echo "1,000,000-row upload during the rescoring: $seconds s, HTTP $status"
ready=$(curl -sS -o /dev/null -w '%{time_total}\n' "$base/api/health/ready")
echo "/api/health/ready during the rescoring: $ready s"
status=""
for _ in $(seq 1 $((limit * 2))); do
  read -r status done total < <(api "$sponsor" GET "/api/v1/competitions/$small/rescoring" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["status"], r["done"], r["total"])')
  [ "$status" = done ] && break
  sleep 0.5
done
end=$(date +%s.%N)
kill "$sampler" 2>/dev/null || true
sampler=""
python3 -c "print(f'rescoring: {$done} of {$total} submissions, status $status, in {$end - $start:.1f} s')"
echo "server memory: $((before / 1024)) MB before, peak $(( $(cat "$work/peak") / 1024 )) MB while rescoring (sampled every 0.1 s), high-water mark of the process $(( $(merit_server_peak_rss_kib) / 1024 )) MB"
