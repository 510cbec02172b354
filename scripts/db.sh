#!/usr/bin/env bash
#! Finds a PostgreSQL server for Merit and exports MERIT_PG_URL (server URL, no database).
#
# Source it (`source scripts/db.sh`) from the other scripts, or run it to print the URL;
# `scripts/db.sh stop` stops the project-local cluster if one is running.
#
# Order: DATABASE_URL if set (its server is used, its database name dropped) ->
# postgres@127.0.0.1:5432 if it answers -> a project-local cluster in .pgdata on port 54329,
# started from the machine's PostgreSQL binaries (Debian's `postgresql` package is installed
# first when there are none, as the test command does for Chromium).
# MERIT_FORCE_LOCAL_PG=1 skips the 5432 probe.
#
# Meant to be sourced, so it defines functions and touches no shell options: `set -e` or an
# `exit` here would end the caller's interactive shell.

MERIT_LOCAL_PG_PORT=54329

_merit_db_log() { printf '\033[1;34m[db]\033[0m %s\n' "$*" >&2; }

_merit_pg_find_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1
}

# A machine with neither a server nor binaries: Debian's server package (its own cluster is
# not created: the project-local one is all Merit needs). Output goes to stderr, since
# _merit_pg_bindir answers on stdout.
_merit_pg_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  _merit_db_log "no PostgreSQL server binaries: installing Debian's postgresql package"
  "${sudo_cmd[@]}" mkdir -p /etc/postgresql-common || return 1
  if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    echo 'create_main_cluster = false' | "${sudo_cmd[@]}" tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  "${sudo_cmd[@]}" apt-get update -qq >&2 || return 1
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

# The highest installed server version: initdb/pg_ctl are not on PATH on Debian.
_merit_pg_bindir() {
  local dir
  dir=$(_merit_pg_find_bindir)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    _merit_pg_install && dir=$(_merit_pg_find_bindir)
  fi
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    _merit_db_log "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin and they could" \
      "not be installed; install PostgreSQL or set DATABASE_URL"
    return 1
  fi
  printf '%s\n' "$dir"
}

# initdb and pg_ctl refuse to run as root: as root, run them as the `postgres` system user.
_merit_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_merit_db_paths() {
  _merit_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  _merit_pgbase="$_merit_root/.pgdata"
  _merit_pgdata="$_merit_pgbase/data"
  _merit_pglog="$_merit_pgbase/log"
}

_merit_local_pg_start() {
  local bindir
  bindir=$(_merit_pg_bindir) || return 1
  _merit_db_paths

  if [ ! -s "$_merit_pgdata/PG_VERSION" ]; then
    _merit_db_log "creating a project-local PostgreSQL cluster in $_merit_pgbase"
    mkdir -p "$_merit_pgbase" || return 1
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres:postgres "$_merit_pgbase" || return 1
    fi
    # Trust auth is acceptable only because the server listens on 127.0.0.1 and a socket
    # inside the project; this cluster is for development and tests, never deployment.
    _merit_pg_as_owner "$bindir/initdb" -D "$_merit_pgdata" --auth=trust -U postgres \
      -E UTF8 --locale=C.UTF-8 --no-instructions >"$_merit_pgbase/initdb.log" 2>&1 || {
      _merit_db_log "initdb failed; see $_merit_pgbase/initdb.log"
      return 1
    }
    # The socket lives in the project, not /var/run/postgresql, so this cluster never
    # collides with (or needs permissions of) a system one.
    _merit_pg_as_owner tee -a "$_merit_pgdata/postgresql.conf" >/dev/null <<CONF

# Merit project-local cluster (scripts/db.sh)
port = $MERIT_LOCAL_PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$_merit_pgbase'
CONF
  fi

  if ! _merit_pg_as_owner "$bindir/pg_ctl" -D "$_merit_pgdata" status >/dev/null 2>&1; then
    _merit_db_log "starting the project-local PostgreSQL on 127.0.0.1:$MERIT_LOCAL_PG_PORT"
    _merit_pg_as_owner "$bindir/pg_ctl" -D "$_merit_pgdata" -l "$_merit_pglog" -w -t 60 start \
      >/dev/null || {
      _merit_db_log "pg_ctl start failed; see $_merit_pglog"
      return 1
    }
  fi

  # Callers run psql; Debian ships it in the same bin dir when no client is on PATH.
  if ! command -v psql >/dev/null 2>&1; then
    export PATH="$PATH:$bindir"
  fi
  MERIT_PG_URL="postgres://postgres@127.0.0.1:$MERIT_LOCAL_PG_PORT"
}

_merit_local_pg_stop() {
  local bindir
  bindir=$(_merit_pg_bindir) || return 1
  _merit_db_paths
  if _merit_pg_as_owner "$bindir/pg_ctl" -D "$_merit_pgdata" status >/dev/null 2>&1; then
    _merit_pg_as_owner "$bindir/pg_ctl" -D "$_merit_pgdata" -w stop -m fast
  else
    _merit_db_log "no project-local cluster is running"
  fi
}

_merit_system_pg_answers() {
  # A real query, not just pg_isready: a server that is up but refuses user postgres
  # without a password is no use to the scripts.
  if command -v psql >/dev/null 2>&1; then
    psql "postgres://postgres@127.0.0.1:5432/postgres" -Atqc 'select 1' >/dev/null 2>&1 \
      </dev/null
  elif command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p 5432
  else
    return 1
  fi
}

merit_db_find() {
  if [ -n "${DATABASE_URL:-}" ]; then
    # Keep scheme, credentials, host and port; drop the path (the database) and any query
    # string, because callers append their own "/dbname".
    local rest="${DATABASE_URL#*://}"
    local scheme="${DATABASE_URL%%://*}"
    rest="${rest%%\?*}"
    rest="${rest%%/*}"
    MERIT_PG_URL="$scheme://$rest"
  elif [ "${MERIT_FORCE_LOCAL_PG:-0}" != 1 ] && _merit_system_pg_answers; then
    MERIT_PG_URL="postgres://postgres@127.0.0.1:5432"
  else
    _merit_local_pg_start || return 1
  fi
  export MERIT_PG_URL
}

# Creates database $1 on $MERIT_PG_URL unless it exists.
merit_db_create_if_missing() {
  local name=$1 exists
  exists=$(psql "$MERIT_PG_URL/postgres" -Atqc \
    "select 1 from pg_database where datname = '$name'" </dev/null) || return 1
  if [ "$exists" != 1 ]; then
    _merit_db_log "creating database $name"
    psql "$MERIT_PG_URL/postgres" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$name\"" \
      </dev/null || return 1
  fi
}

# Drops database $1 (ending its leftover connections, e.g. from a crashed run) and recreates it.
merit_db_recreate() {
  local name=$1
  psql "$MERIT_PG_URL/postgres" -v ON_ERROR_STOP=1 -q \
    -c "SET client_min_messages = warning" \
    -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" \
    -c "CREATE DATABASE \"$name\"" </dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # Run directly rather than sourced.
  set -euo pipefail
  case "${1:-}" in
    stop) _merit_local_pg_stop ;;
    '') merit_db_find; printf '%s\n' "$MERIT_PG_URL" ;;
    *) echo "usage: $0 [stop]" >&2; exit 2 ;;
  esac
else
  merit_db_find
fi
