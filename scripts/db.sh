#!/usr/bin/env bash
# The project's private PostgreSQL cluster: data and socket in .pgdata/ (git-ignored).
# PostgreSQL refuses to run as root, so as root the server runs as the unprivileged
# `postgres` user (created by Debian's packages; created here if missing).
# Usage: scripts/db.sh start|stop|status|url
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGDIR=$ROOT/.pgdata
DATA=$PGDIR/data
SOCK=$PGDIR/run
LOG=$PGDIR/server.log
DBNAME=${PGDATABASE_NAME:-portal}

if [ -n "${DATABASE_URL:-}" ]; then
  echo "DATABASE_URL is set: using that database, no private cluster started."
  exit 0
fi

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
  done
  command -v pg_ctl >/dev/null && dirname "$(command -v pg_ctl)"
}

BIN=$(find_bin || true)
if [ -z "$BIN" ] && [ "$(id -u)" = 0 ] && [ "${1:-}" = start ]; then
  echo "Installing PostgreSQL server from Debian's packages..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  BIN=$(find_bin || true)
fi
[ -n "$BIN" ] || { echo "PostgreSQL server programs not found. Install them: apt-get install postgresql" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$PGUSER_OS" -- "$@"; else "$@"; fi
}

if [ "$(id -u)" = 0 ]; then
  PGUSER_OS=postgres
  id "$PGUSER_OS" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PGUSER_OS"
fi

case "${1:-}" in
  start)
    mkdir -p "$DATA" "$SOCK"
    if [ "$(id -u)" = 0 ]; then
      chown -R "$PGUSER_OS" "$PGDIR"
      chmod 700 "$DATA"
      # The server user must be able to walk down to the project folder.
      d=$ROOT
      while [ "$d" != / ]; do
        runuser -u "$PGUSER_OS" -- test -x "$d" || chmod o+x "$d"
        d=$(dirname "$d")
      done
    fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
      echo "Creating the private PostgreSQL cluster in .pgdata/ ..."
      as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
        -o "-k $SOCK -c listen_addresses='' -c max_connections=200 -c fsync=${PG_FSYNC:-on}" start >/dev/null
    fi
    if ! "$BIN/psql" -h "$SOCK" -U postgres -d postgres -tAc "select 1 from pg_database where datname='$DBNAME'" | grep -q 1; then
      "$BIN/createdb" -h "$SOCK" -U postgres "$DBNAME"
    fi
    echo "PostgreSQL is running (socket in .pgdata/run, database $DBNAME)."
    ;;
  stop)
    if [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
      echo "PostgreSQL stopped."
    else
      echo "PostgreSQL is not running."
    fi
    ;;
  restart)
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -m fast -w restart \
      -o "-k $SOCK -c listen_addresses='' -c max_connections=200" >/dev/null
    ;;
  status)
    as_owner "$BIN/pg_ctl" -D "$DATA" status
    ;;
  bindir)
    echo "$BIN"
    ;;
  *)
    echo "usage: $0 start|stop|restart|status|bindir" >&2
    exit 2
    ;;
esac
