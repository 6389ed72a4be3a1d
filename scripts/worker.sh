#!/usr/bin/env bash
# The background-task worker (manage.py db_worker), started again whenever it stops: after a
# crash, a kill, or the database going away (the worker exits when it cannot reach
# PostgreSQL; once started again it connects afresh). Arguments go to db_worker.
# Stop it with SIGTERM or Ctrl-C: the running worker is stopped too (it finishes its task).
# In production use the process manager instead (docs/deployment.md: systemd Restart=always).
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
DELAY=${WORKER_RESTART_SECONDS:-2}
child=0

stop() {
  trap - TERM INT
  if [ "$child" -gt 0 ]; then
    kill -TERM "$child" 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  exit 0
}
trap stop TERM INT

while true; do
  "$PY" manage.py db_worker "$@" &
  child=$!
  wait "$child"
  status=$?
  child=0
  echo "worker.sh: db_worker exited with status $status; starting it again in ${DELAY}s" >&2
  sleep "$DELAY" &
  wait $!
done
