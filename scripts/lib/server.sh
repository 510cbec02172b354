#!/usr/bin/env bash
#! Starts and stops a release build of Merit for the scripts that drive one (browser tests,
#! reliability and benchmark scripts). Source it; it sets no shell options.
#
#   merit_server_start <port> <log> [VAR=value ...]   # needs DATABASE_URL; waits until ready
#   merit_server_stop                                   # SIGTERM, then SIGKILL after 10 s
#   merit_server_rss_kib                                # resident memory of the server now
#   merit_server_peak_rss_kib                           # its highest resident memory so far
#   merit_login <base-url> <email>                      # signs in with the demo password;
#                                                       # prints the Cookie header value
#
# The server runs in production mode on loopback with a fresh session key; extra variables
# (e.g. MERIT_DEMO=1) go after the log path.

MERIT_SERVER_PID=""

merit_server_start() {
  local port=$1 log=$2
  shift 2
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use" >&2
    return 1
  fi
  env LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    LEPTOS_SITE_ROOT=target/site \
    MERIT_ENV=production \
    MERIT_SESSION_KEY="$(head -c 64 /dev/urandom | base64 -w0)" \
    MERIT_SECURE_COOKIES=0 \
    RUST_LOG="${RUST_LOG:-info}" \
    "$@" \
    target/release/merit >"$log" 2>&1 &
  MERIT_SERVER_PID=$!
  local _
  for _ in $(seq 1 240); do
    if ! kill -0 "$MERIT_SERVER_PID" 2>/dev/null; then
      tail -n 40 "$log" >&2
      echo "the server exited during start-up (log above)" >&2
      MERIT_SERVER_PID=""
      return 1
    fi
    if curl -fs -o /dev/null "http://127.0.0.1:$port/api/health/ready"; then
      return 0
    fi
    sleep 0.5
  done
  echo "the server did not become ready in 120 s" >&2
  return 1
}

merit_server_stop() {
  local pid=$MERIT_SERVER_PID
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    # A background server ignores SIGINT; SIGTERM triggers its graceful shutdown.
    kill -TERM "$pid" 2>/dev/null || true
    local _
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  MERIT_SERVER_PID=""
}

merit_server_rss_kib() {
  awk '/^VmRSS:/ { print $2 }' "/proc/$MERIT_SERVER_PID/status"
}

merit_server_peak_rss_kib() {
  awk '/^VmHWM:/ { print $2 }' "/proc/$MERIT_SERVER_PID/status"
}

merit_login() {
  local base=$1 email=$2 jar
  jar=$(mktemp)
  curl -fsS -c "$jar" -o /dev/null -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"merit-demo\"}" "$base/api/v1/auth/login" || { rm -f "$jar"; return 1; }
  echo "merit.sid=$(awk '$6 == "merit.sid" { print $7 }' "$jar")"
  rm -f "$jar"
}
