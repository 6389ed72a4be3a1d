#!/usr/bin/env bash
# Prints the folder of the newest PostgreSQL server/client programs (Debian keeps them in
# /usr/lib/postgresql/<version>/bin, not always on PATH).
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  [ -x "$dir/pg_ctl" ] && { echo "$dir"; exit 0; }
done
command -v pg_dump >/dev/null && { dirname "$(command -v pg_dump)"; exit 0; }
exit 1
