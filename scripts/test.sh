#!/usr/bin/env bash
#! THE test command: Rust tests, a release build, then browser tests against that build.
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

# --- database ----------------------------------------------------------------------------
# shellcheck source=scripts/db.sh
source scripts/db.sh
log "PostgreSQL: $MERIT_PG_URL"

# --- Rust tests --------------------------------------------------------------------------
# #[sqlx::test] creates a throwaway database per test on the server named by DATABASE_URL;
# the named database itself must exist.
merit_db_create_if_missing merit_test
log "cargo test"
DATABASE_URL="$MERIT_PG_URL/merit_test" cargo test --features ssr

# --- release build -----------------------------------------------------------------------
# The browser tests run against the release build on purpose: wasm-opt only runs there, and
# a broken wasm-opt shows up only in a browser.
log "cargo leptos build --release"
cargo leptos build --release

# --- browser tests -----------------------------------------------------------------------
port="${MERIT_E2E_PORT:-3000}"
base_url="http://127.0.0.1:$port"
server_log="$root/target/e2e-server.log"

# Playwright would happily test whatever already listens there (a dev server, a stale run).
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  die "port $port is already in use; stop whatever listens there or set MERIT_E2E_PORT"
fi

# A fresh database each run: tests change state (language choice, throttling counters).
merit_db_recreate merit_e2e

server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    # A background server ignores SIGINT; SIGTERM triggers its graceful shutdown.
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

log "starting target/release/merit on $base_url (log: target/e2e-server.log)"
env DATABASE_URL="$MERIT_PG_URL/merit_e2e" \
  MERIT_DEMO=1 \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  LEPTOS_SITE_ROOT=target/site \
  MERIT_ENV=production \
  RUST_LOG=info \
  target/release/merit >"$server_log" 2>&1 &
server_pid=$!

# Playwright's global setup waits for readiness too, but only here can a server that
# crashed on start-up be told apart from a slow one, so fail fast on that.
for _ in $(seq 1 240); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    tail -n 80 "$server_log" >&2 || true
    die "the server exited during start-up (log above)"
  fi
  if curl -fs -o /dev/null "$base_url/api/health/ready"; then
    break
  fi
  sleep 0.5
done

log "playwright"
if ! (cd end2end && MERIT_E2E_BASE_URL="$base_url" npx playwright test); then
  printf '\n\033[1;31m[test] browser tests failed; last 80 lines of the server log:\033[0m\n' >&2
  tail -n 80 "$server_log" >&2 || true
  exit 1
fi

log "all tests passed"
