#!/usr/bin/env bash
#! Benchmark (not a test): a 10,000-person CSV previewed (dry run) and applied through
#! POST /api/v1/users/import on a release server with its own database, then imported again
#! (nothing changes) and exported. The reference, measured in the same run: the same calls
#! with a 10-person file, which is the fixed cost of a request, a sign-in check and a
#! transaction. Target: preview and apply of 10,000 rows each under 5 s. Loopback only; about
#! a minute. Builds target/release/merit if it is missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*"; }
# shellcheck source=scripts/db.sh
source scripts/db.sh
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh

if [ ! -x target/release/merit ]; then
  log "building target/release/merit"
  cargo build --release --features ssr --bin merit
fi
rows=${MERIT_BENCH_IMPORT_ROWS:-10000}
port=${MERIT_BENCH_PORT:-3109}
base="http://127.0.0.1:$port"
folder=target/bench
mkdir -p "$folder"
jar=$(mktemp)
trap 'merit_server_stop; rm -f "$jar"' EXIT

# People in teams of 20 under managers who are in the same file, on stages 1–9.
people_csv() {
  local count=$1 tag=$2
  awk -v n="$count" -v tag="$tag" 'BEGIN {
    print "email,name,role,stage,team,manager_email"
    managers = int((n + 19) / 20)
    for (i = 0; i < n; i++) {
      if (i < managers) {
        printf "lead%d.%s@bench.test,Lead %d,manager,%d,,\n", i, tag, i, 6 + i % 4
      } else {
        t = i % managers
        printf "p%d.%s@bench.test,Person %d,employee,%d,Team %s %d,lead%d.%s@bench.test\n", i, tag, i, 1 + i % 9, tag, t, t, tag
      }
    }
  }'
}
people_csv "$rows" big >"$folder/people-$rows.csv"
people_csv 10 small >"$folder/people-10.csv"

merit_db_recreate merit_bench_import
merit_server_start "$port" target/bench-import-server.log \
  DATABASE_URL="$MERIT_PG_URL/merit_bench_import" MERIT_DEMO=1
curl -fsS -c "$jar" -o /dev/null -H 'content-type: application/json' \
  -d '{"email":"admin@demo.test","password":"merit-demo"}' "$base/api/v1/auth/login"

# Prints the seconds a call took and checks its status and what it reports.
timed() {
  local label=$1 file=$2 dry=$3 expect=$4 out status
  out=$(mktemp)
  status=$(curl -sS -b "$jar" -o "$out" -w '%{http_code} %{time_total}' \
    -F "file=@$file;type=text/csv" "$base/api/v1/users/import?dryRun=$dry")
  python3 - "$label" "$status" "$out" "$expect" <<'PY'
import json, sys
label, status, path, expect = sys.argv[1:]
code, seconds = status.split()
report = json.load(open(path))
summary = {k: len(report[k]) for k in ("creates", "updates", "errors")}
summary["unchanged"] = report["unchanged"]
ok = code == "200" and all(str(summary[k]) == v for k, v in (p.split("=") for p in expect.split(",")))
print(f"{label:<34} {float(seconds):7.3f} s   HTTP {code}  {summary}{'' if ok else '  UNEXPECTED'}")
sys.exit(0 if ok else 1)
PY
  rm -f "$out"
}

log "reference: a 10-person file"
timed "preview, 10 rows" "$folder/people-10.csv" true "creates=10,errors=0"
timed "apply, 10 rows" "$folder/people-10.csv" false "creates=10,errors=0"
log "$rows people (target: preview and apply under 5 s each)"
timed "preview, $rows rows" "$folder/people-$rows.csv" true "creates=$rows,errors=0"
timed "apply, $rows rows" "$folder/people-$rows.csv" false "creates=$rows,errors=0"
timed "re-import (nothing changes)" "$folder/people-$rows.csv" false "creates=0,updates=0,unchanged=$rows"
start=$(date +%s.%N)
lines=$(curl -fsS -b "$jar" "$base/api/v1/users/export.csv" | wc -l)
end=$(date +%s.%N)
python3 -c "print(f'{\"export, all people\":<34} {$end - $start:7.3f} s   {$lines - 1} rows')"
