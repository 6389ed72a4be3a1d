#!/usr/bin/env bash
# make restore FILE=backups/x.dump: replaces the database's contents with the backup, in one
# transaction (nothing changes if it fails). Target: DB_URL, DATABASE_URL or the private cluster.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FILE=${1:?usage: scripts/restore.sh BACKUP_FILE}
[ -f "$FILE" ] || { echo "No backup file at $FILE" >&2; exit 1; }
BIN=$("$ROOT/scripts/pg_bin.sh") || { echo "pg_restore not found: apt-get install postgresql-client" >&2; exit 1; }
URL=${DB_URL:-${DATABASE_URL:-postgresql:///portal?host=$ROOT/.pgdata/run&user=postgres}}
"$BIN/pg_restore" --clean --if-exists --no-owner --no-privileges --single-transaction \
  --exit-on-error --dbname "$URL" "$FILE"
echo "Restored $FILE"
