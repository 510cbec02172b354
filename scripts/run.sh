#!/usr/bin/env bash
#! THE run command: builds Merit in release mode and serves it, with demo data by default.
#
# Env: DATABASE_URL (used as is; otherwise a local PostgreSQL is found or started and the
# database `merit` created), MERIT_DEMO (default 1), LEPTOS_SITE_ADDR (default 127.0.0.1:3000).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

./scripts/install-tools.sh
# npm's binaryen must come before /usr/bin (Debian's wasm-opt breaks the release wasm).
export PATH="$root/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Tailwind resolves `@import "tailwindcss"` from style/, which has no node_modules of its own.
export NODE_PATH="$root/end2end/node_modules${NODE_PATH:+:$NODE_PATH}"

if [ -z "${DATABASE_URL:-}" ]; then
  # shellcheck source=scripts/db.sh
  source scripts/db.sh
  merit_db_create_if_missing merit
  DATABASE_URL="$MERIT_PG_URL/merit"
fi

cargo leptos build --release --precompress

export DATABASE_URL
export MERIT_DEMO="${MERIT_DEMO:-1}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export LEPTOS_SITE_ROOT=target/site

cat <<INFO

  Merit: http://$LEPTOS_SITE_ADDR
INFO
if [ "$MERIT_DEMO" = 1 ]; then
  cat <<INFO

  Demo accounts (password: merit-demo, demo only):
    admin@demo.test  hr@demo.test  manager@demo.test  ken@demo.test (manager)
    employee@demo.test  alice@demo.test  bob@demo.test  carol@demo.test  dave@demo.test
    admin@other.test  erin@other.test
INFO
fi
echo

# The server applies migrations and loads the demo data itself on first start.
exec target/release/merit
