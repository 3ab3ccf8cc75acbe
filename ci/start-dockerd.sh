#!/usr/bin/env bash
# start-dockerd.sh: makes a docker engine available to isolab's docker adapter, started so
# that it cannot disturb the host's network: no bridge, no iptables rules, no IP forwarding
# (isolab runs every docker container with --network none). Installs Debian's docker.io
# when dockerd is missing. Idempotent: does nothing when an engine already answers.
#
#   ci/start-dockerd.sh            # start (install first if needed), wait until ready
#   ISOLAB_DOCKERD_TIMEOUT=120 …   # seconds to wait for `docker info` (default 60)
#
# Stop the engine this script started with ci/stop-dockerd.sh.
set -euo pipefail

TIMEOUT="${ISOLAB_DOCKERD_TIMEOUT:-60}"
PIDFILE="${ISOLAB_DOCKERD_PIDFILE:-/var/run/isolab-dockerd.pid}"
LOG="${ISOLAB_DOCKERD_LOG:-/var/log/isolab-dockerd.log}"

say() { printf 'start-dockerd: %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then say "must run as root"; exit 1; fi

if command -v docker >/dev/null && timeout 5 docker info >/dev/null 2>&1; then
  say "a docker engine already answers; nothing to do"
  exit 0
fi

install_engine() {
  say "dockerd is missing: installing Debian's docker.io"
  # Package scripts would start the docker and containerd services with their default
  # (bridge + iptables) configuration: forbid every service start while installing.
  local guard=/usr/sbin/policy-rc.d made_guard=0
  if [ ! -e "$guard" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$guard"
    chmod 755 "$guard"
    made_guard=1
  fi
  local rc=0
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends docker.io >/dev/null || {
    apt-get update >/dev/null && apt-get install -y --no-install-recommends docker.io >/dev/null
  } || rc=$?
  [ "$made_guard" = 1 ] && rm -f "$guard"
  if [ "$rc" -ne 0 ]; then say "apt-get install docker.io failed (exit $rc)"; exit "$rc"; fi
}

command -v dockerd >/dev/null || install_engine

if [ -e /etc/docker/daemon.json ]; then
  say "note: /etc/docker/daemon.json exists; options there that repeat the flags below make dockerd refuse to start"
fi

if [ -s "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  say "dockerd (pid $(cat "$PIDFILE")) is starting already; waiting for it"
else
  flags=(
    --bridge=none          # no docker0 bridge, no default "bridge" network
    --iptables=false       # never add iptables rules
    --ip-forward=false     # never turn on net.ipv4.ip_forward
    --ip-masq=false
    --userland-proxy=false
    --storage-driver=overlay2
    --pidfile="$PIDFILE"
  )
  # 20.10 has --ip6tables (off by default); keep it off explicitly where the flag exists.
  if dockerd --help 2>&1 | grep -q -- '--ip6tables'; then flags+=(--ip6tables=false); fi
  say "starting dockerd ${flags[*]} (log: $LOG)"
  # setsid: the daemon must outlive this script and the CI step's process group.
  setsid nohup dockerd "${flags[@]}" >>"$LOG" 2>&1 </dev/null &
fi

deadline=$(( $(date +%s) + TIMEOUT ))
until timeout 5 docker info >/dev/null 2>&1; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    say "docker info did not answer within ${TIMEOUT}s; last lines of $LOG:"
    tail -n 20 "$LOG" >&2 || true
    exit 1
  fi
  sleep 0.2
done
say "docker engine ready: $(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?')"
