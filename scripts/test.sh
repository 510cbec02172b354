#!/usr/bin/env bash
#! THE test command: static checks (format, lints, unused dependencies, the SQL descriptions
#! in .sqlx/ against the migrated schema), Rust tests (unit,
#! property, integration with the route table R1 and the race rounds R2) with their line
#! coverage of the domain rules and the services, a release build,
#! browser tests against that build, then the rest of the reliability suite against it: the
#! OpenAPI fuzz run (R3), faults (R4), memory (R5), two instances behind nginx (R6) and the
#! container image (R7). The deploy files are checked with the static checks.
#
# Env: MERIT_E2E_PORT (default 3000) for the server under test; DATABASE_URL to use another
# PostgreSQL server (its databases merit_test and merit_e2e are created/recreated there).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '\033[1;34m[test]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[test] %s\033[0m\n' "$*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------
./scripts/install-tools.sh
# npm's binaryen must come before /usr/bin: Debian's older wasm-opt builds a release wasm
# that silently breaks islands in the browser.
export PATH="$root/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Tailwind resolves `@import "tailwindcss"` from style/, which has no node_modules of its own.
export NODE_PATH="$root/end2end/node_modules${NODE_PATH:+:$NODE_PATH}"

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  log "installing Debian chromium (Playwright cannot download browsers here)"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

# --- static checks -----------------------------------------------------------------------
# Cheap and first: a formatting slip, a lint or an unused dependency fails in minutes, before
# the slow builds and the browser tests.
log "cargo fmt --check"
cargo fmt --check
log "cargo clippy -D warnings (ssr, hydrate, wasm32)"
cargo clippy --features ssr --all-targets -- -D warnings
cargo clippy --features hydrate --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --features hydrate -- -D warnings
log "cargo machete (unused dependencies)"
cargo machete
log "deploy files (Kubernetes schema, agreement with Merit)"
./scripts/check-deploy.sh

# --- database ----------------------------------------------------------------------------
# shellcheck source=scripts/db.sh
source scripts/db.sh
log "PostgreSQL: $MERIT_PG_URL"

# --- compile-checked SQL -----------------------------------------------------------------
# The query macros build from .sqlx/ (see .cargo/config.toml); this describes every query
# again against a freshly migrated database and fails if .sqlx/ is not what it would write.
merit_db_recreate merit_sqlx
sqlx migrate run --database-url "$MERIT_PG_URL/merit_sqlx" >/dev/null
log "cargo sqlx prepare --check"
DATABASE_URL="$MERIT_PG_URL/merit_sqlx" cargo sqlx prepare --check -- --features ssr

# --- Rust tests --------------------------------------------------------------------------
# #[sqlx::test] creates a throwaway database per test on the server named by DATABASE_URL;
# the named database itself must exist.
merit_db_create_if_missing merit_test
log "cargo test, measuring line coverage (cargo llvm-cov)"
# R2 runs its full 100 rounds of concurrent calls here (about half a minute).
DATABASE_URL="$MERIT_PG_URL/merit_test" MERIT_STRESS_ROUNDS=100 \
  cargo llvm-cov --features ssr --no-report
cargo llvm-cov report --json --summary-only --output-path target/coverage.json
# The floor is the figure reached so far: coverage may rise, not fall.
python3 scripts/lib/coverage.py target/coverage.json "${MERIT_COVERAGE_FLOOR:-90}"

# --- release build -----------------------------------------------------------------------
# The browser tests run against the release build on purpose: wasm-opt only runs there, and
# a broken wasm-opt shows up only in a browser.
log "cargo leptos build --release --precompress"
cargo leptos build --release --precompress

# --- browser tests -----------------------------------------------------------------------
# shellcheck source=scripts/lib/server.sh
source scripts/lib/server.sh
port="${MERIT_E2E_PORT:-3000}"
base_url="http://127.0.0.1:$port"
server_log="$root/target/e2e-server.log"

# A fresh database each run: tests change state (language choice, throttling counters).
merit_db_recreate merit_e2e
# A second server on an empty database without demo data: the first-admin journey.
merit_db_recreate merit_e2e_bare
bare_port=$((port + 2))
bare_url="http://127.0.0.1:$bare_port"
bare_pid=""
stop_servers() {
  merit_server_stop
  MERIT_SERVER_PID=$bare_pid merit_server_stop
}
trap stop_servers EXIT
log "starting an empty server (no demo data) on $bare_url (log: target/e2e-bare-server.log)"
merit_server_start "$bare_port" "$root/target/e2e-bare-server.log" \
  DATABASE_URL="$MERIT_PG_URL/merit_e2e_bare" MERIT_PUBLIC_URL="$bare_url" ||
  die "the empty server did not start (log above)"
bare_pid=$MERIT_SERVER_PID
# Production mode (the helper's default), demo data on; plain HTTP on loopback.
log "starting target/release/merit on $base_url (log: target/e2e-server.log)"
merit_server_start "$port" "$server_log" DATABASE_URL="$MERIT_PG_URL/merit_e2e" MERIT_DEMO=1 ||
  die "the server did not start (log above)"

log "playwright"
if ! (cd end2end && MERIT_E2E_BASE_URL="$base_url" MERIT_E2E_BARE_URL="$bare_url" \
  MERIT_E2E_BARE_DATABASE_URL="$MERIT_PG_URL/merit_e2e_bare" npx playwright test); then
  printf '\n\033[1;31m[test] browser tests failed; last 80 lines of the server log:\033[0m\n' >&2
  tail -n 80 "$server_log" >&2 || true
  exit 1
fi
stop_servers
trap - EXIT

# --- the standing reliability suite (R1 and R2 ran with the Rust tests above) ---------------
log "R3: fuzzing the REST API from its OpenAPI document"
./scripts/fuzz-api.sh 50
log "R4: PostgreSQL restarted under load, the server killed during uploads"
./scripts/reliability-faults.sh
log "R5: memory under abuse"
./scripts/reliability-memory.sh
log "R6: two instances on one database behind nginx"
./scripts/cluster-test.sh
log "R7: the container image"
./scripts/container-test.sh

log "all tests passed"
