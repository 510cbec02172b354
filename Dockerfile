# syntax=docker/dockerfile:1
# Merit's container image: the release binary, its built site (CSS, wasm, public files) and
# Leptos.toml on Debian slim, run as an unprivileged user, configured by environment variables
# only (see the README's "Deploy" section).
#
#   docker build -t merit .                     # builds Merit inside (the `builder` stage)
#   docker build --target prebuilt -t merit .   # packs a host build instead: run
#                                               # `cargo leptos build --release --precompress` first
#
# The server applies pending migrations when it starts; `merit migrate` applies them alone
# (the Kubernetes Job, an upgrade step).

ARG DEBIAN_IMAGE=docker.io/library/debian:bookworm-slim
# The toolchain rust-toolchain.toml pins.
ARG RUST_IMAGE=docker.io/library/rust:1.95.0-slim-bookworm
ARG NODE_IMAGE=docker.io/library/node:20-bookworm-slim

# --- what every variant runs on ----------------------------------------------------------------
FROM ${DEBIAN_IMAGE} AS runtime-base
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 merit \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin merit
WORKDIR /app
COPY Leptos.toml /app/Leptos.toml
ENV MERIT_ENV=production \
    LEPTOS_SITE_ADDR=0.0.0.0:3000 \
    LEPTOS_SITE_ROOT=/app/site
EXPOSE 3000
USER 10001:10001
# On the port Merit listens on (LEPTOS_SITE_ADDR may move it).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${LEPTOS_SITE_ADDR##*:}/api/health/live" || exit 1
ENTRYPOINT ["/app/merit"]
CMD ["serve"]

# --- a host build, packed as it is ---------------------------------------------------------------
FROM runtime-base AS prebuilt
COPY target/release/merit target/release/hash.txt /app/
COPY target/site /app/site

# --- a build inside the image ------------------------------------------------------------------
FROM ${NODE_IMAGE} AS node

FROM ${RUST_IMAGE} AS builder
# Node.js 20 for Tailwind and binaryen's wasm-opt (Debian bookworm's is older).
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && apt-get update \
 && apt-get install -y --no-install-recommends pkg-config ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Tools first, so a change to the code reuses them.
COPY rust-toolchain.toml Cargo.toml Cargo.lock ./
COPY scripts/install-tools.sh scripts/install-tools.sh
COPY end2end/package.json end2end/package-lock.json end2end/
RUN MERIT_TOOLS=build ./scripts/install-tools.sh
COPY . .
RUN PATH="/src/end2end/node_modules/.bin:$PATH" NODE_PATH=/src/end2end/node_modules \
    cargo leptos build --release --precompress

# --- the default: the image built from source --------------------------------------------------
FROM runtime-base AS runtime
COPY --from=builder /src/target/release/merit /src/target/release/hash.txt /app/
COPY --from=builder /src/target/site /app/site
