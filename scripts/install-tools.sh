#!/usr/bin/env bash
#! Installs the build tools Merit needs when they are missing, reusing what is there.
#
# cargo-leptos (no_downloads) and wasm-bindgen-cli come from crates.io; their published
# lock files do not build on this toolchain/registry as they are, so one dependency is
# pinned back before `cargo install --locked --path`. npm packages (tailwindcss, binaryen
# for wasm-opt, Playwright) go to end2end/node_modules. Debian's chromium is installed
# only by the test script, which needs it.
#
# Env: MERIT_TOOLS=build installs only what a release build needs (cargo-leptos,
# wasm-bindgen-cli, the wasm target, the npm packages), as the container image's builder does;
# the default also installs the test tools (cargo-machete, cargo-llvm-cov, sqlx-cli).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

CARGO_LEPTOS_VERSION=0.3.11
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# Unpacks a crate's published source into a temp dir, pins one dependency, installs it.
install_from_crate() { # name version pin_pkg pin_version features
  local name=$1 version=$2 pin_pkg=$3 pin_version=$4 features=${5:-}
  local work
  work=$(mktemp -d)
  log "installing $name $version (one-time, takes a while)"
  (
    cd "$work"
    cargo info "$name@$version" >/dev/null 2>&1 || true
    local crate
    crate=$(find "$HOME/.cargo/registry/cache" -name "$name-$version.crate" | head -n1)
    if [ -z "$crate" ]; then
      echo "could not download $name $version from crates.io" >&2
      exit 1
    fi
    tar xzf "$crate"
    cd "$name-$version"
    cargo update -p "$pin_pkg" --precise "$pin_version" >/dev/null 2>&1 || true
    if [ -n "$features" ]; then
      cargo install --locked --path . --features "$features"
    else
      cargo install --locked --path .
    fi
  )
  rm -rf "$work"
}

if ! cargo-leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  install_from_crate cargo-leptos "$CARGO_LEPTOS_VERSION" cargo-util-schemas 0.14.1 no_downloads
fi

wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock 2>/dev/null || true)
wb_version=${wb_version:-0.2.130}
if ! wasm-bindgen --version 2>/dev/null | grep -q "$wb_version"; then
  install_from_crate wasm-bindgen-cli "$wb_version" webpki-roots 1.0.10
fi

if [ "${MERIT_TOOLS:-all}" != build ]; then
  # The unused-dependency check the test command runs first.
  MACHETE_VERSION=0.9.2
  if ! cargo-machete --version 2>/dev/null | grep -q "$MACHETE_VERSION"; then
    log "installing cargo-machete $MACHETE_VERSION"
    cargo install --locked cargo-machete --version "$MACHETE_VERSION"
  fi

  # Line coverage of the domain rules and the services, which the test command measures.
  LLVM_COV_VERSION=0.9.1
  if ! cargo-llvm-cov --version 2>/dev/null | grep -q "$LLVM_COV_VERSION"; then
    log "installing cargo-llvm-cov $LLVM_COV_VERSION"
    cargo install --locked cargo-llvm-cov --version "$LLVM_COV_VERSION"
  fi
  # Compile-checked SQL: `cargo sqlx prepare` writes the queries' descriptions to .sqlx/ and
  # the test command checks that they are current.
  SQLX_CLI_VERSION=0.8.6
  if ! sqlx --version 2>/dev/null | grep -q "$SQLX_CLI_VERSION"; then
    log "installing sqlx-cli $SQLX_CLI_VERSION"
    cargo install --locked sqlx-cli --version "$SQLX_CLI_VERSION" --no-default-features \
      --features postgres,rustls
  fi
  if ! rustup component list --installed | grep -q '^llvm-tools'; then
    rustup component add llvm-tools-preview
  fi
fi

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

if [ ! -x end2end/node_modules/.bin/tailwindcss ] || [ ! -x end2end/node_modules/.bin/wasm-opt ] \
  || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  log "installing npm packages (tailwindcss, binaryen, playwright)"
  # `npm install`, not `npm ci`: the registry here serves only some of Tailwind's optional
  # per-platform binaries, so the lock file lists those alone and `npm ci` calls it out of
  # sync. `npm install` installs from the same lock and leaves it unchanged.
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund)
fi
