#!/usr/bin/env bash
# make backup: pg_dump in custom format of DATABASE_URL (default: the private cluster's portal DB).
# Usage: scripts/backup.sh [OUTPUT_FILE] ; the database URL can also be given as DB_URL.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$("$ROOT/scripts/pg_bin.sh") || { echo "pg_dump not found: apt-get install postgresql-client" >&2; exit 1; }
URL=${DB_URL:-${DATABASE_URL:-postgresql:///portal?host=$ROOT/.pgdata/run&user=postgres}}
OUT=${1:-$ROOT/backups/portal-$(date +%Y%m%d-%H%M%S).dump}
mkdir -p "$(dirname "$OUT")"
"$BIN/pg_dump" --format=custom --no-owner --no-privileges --file "$OUT" --dbname "$URL"
echo "Backup written to $OUT"
