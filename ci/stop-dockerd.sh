#!/usr/bin/env bash
# stop-dockerd.sh: stops the docker engine that ci/start-dockerd.sh started (and only that
# one), after removing the containers isolab made in it (label isolab.owner).
#
#   ci/stop-dockerd.sh            # remove isolab containers, stop dockerd, wait until gone
#   ci/stop-dockerd.sh --purge    # also remove every container and isolab/* image
set -euo pipefail

PIDFILE="${ISOLAB_DOCKERD_PIDFILE:-/var/run/isolab-dockerd.pid}"
purge=0
[ "${1:-}" = "--purge" ] && purge=1

say() { printf 'stop-dockerd: %s\n' "$*" >&2; }

if ! [ -s "$PIDFILE" ] || ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  say "no dockerd started by start-dockerd.sh is running"
  rm -f "$PIDFILE"
  exit 0
fi
pid="$(cat "$PIDFILE")"

if timeout 5 docker info >/dev/null 2>&1; then
  filter=(--filter label=isolab.owner)
  [ "$purge" = 1 ] && filter=()
  ids="$(docker ps -aq "${filter[@]}" || true)"
  # shellcheck disable=SC2086 # one id per word
  [ -n "$ids" ] && docker rm -f $ids >/dev/null
  if [ "$purge" = 1 ]; then
    images="$(docker images -q 'isolab/*' || true)"
    # shellcheck disable=SC2086
    [ -n "$images" ] && docker rmi -f $images >/dev/null
  fi
fi

say "stopping dockerd (pid $pid)"
kill -TERM "$pid"
for _ in $(seq 1 300); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then
  say "dockerd did not stop within 30s; sending SIGKILL"
  kill -KILL "$pid" || true
fi
rm -f "$PIDFILE"
say "stopped"
