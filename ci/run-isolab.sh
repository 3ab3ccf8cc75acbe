#!/usr/bin/env bash
# run-isolab.sh: the per-machine CI job, also runnable by hand. Installs what isolab needs
# (Debian/Ubuntu), runs the isolation suites and the quick startup benchmark
# (`isolab run`), optionally further quick benchmarks, and renders the reports:
#
#   DIR/results.json          what `isolab compare` and `isolab gate` read
#   DIR/report/report.html    self-contained HTML report (+ one PNG per chart)
#   DIR/report.md             Markdown report (appended to $GITHUB_STEP_SUMMARY when set)
#   DIR/junit.xml             each check as a JUnit test case
#   DIR/bench-NAME.json       each --bench benchmark's own document
#
#   sudo ci/run-isolab.sh [--out DIR] [--bench startup,overlay,cgroup] [--no-install]
#
# Exit status: that of `isolab run` (0 when every isolation outcome matched its
# expectation), or 3 when the results could not be produced or rendered.
set -euo pipefail
cd "$(dirname "$0")/.."

out=isolab-out
benches=""
install=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --bench) benches="$2"; shift 2 ;;
    --no-install) install=0; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "run-isolab: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { printf 'run-isolab: %s\n' "$*" >&2; }
# ISOLAB_CMD overrides how isolab is run (e.g. "node bin/isolab.js"); default: the checkout's ./isolab.
read -r -a isolab_cmd <<<"${ISOLAB_CMD:-./isolab}"
isolab() { "${isolab_cmd[@]}" "$@"; }

if [ "$(id -u)" -ne 0 ]; then say "must run as root: containers need namespaces, cgroups and mounts (try: sudo $0)"; exit 2; fi
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  say "needs Node.js 20 or later on PATH (use an image that has it, e.g. node:20-bookworm, or actions/setup-node)"
  exit 2
fi

if [ "$install" = 1 ] && command -v apt-get >/dev/null; then
  say "installing the toolchain and the runtimes isolab compares (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends gcc make libc6-dev >/dev/null
  # Optional: each one that this distro lacks is reported as skipped by isolab.
  for pkg in busybox-static bubblewrap runc crun util-linux iproute2 fio stress-ng; do
    apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1 || say "optional package $pkg is not available here"
  done
fi

mkdir -p "$out"
say "isolab run → $out/results.json"
status=0
isolab run --out "$out/results.json" || status=$?
if [ ! -s "$out/results.json" ]; then say "isolab run wrote no results (exit $status)"; exit 3; fi

IFS=',' read -r -a bench_list <<<"$benches"
for b in "${bench_list[@]}"; do
  [ -n "$b" ] || continue
  if isolab bench "$b" --help >/dev/null 2>&1; then
    say "isolab bench $b --quick → $out/bench-$b.json"
    isolab bench "$b" --quick --out "$out/bench-$b.json" || say "bench $b failed (exit $?); continuing"
  else
    say "this isolab has no 'bench $b'; skipped"
  fi
done

say "rendering reports"
isolab report "$out/results.json" --format html --out "$out/report" >/dev/null || exit 3
isolab report "$out/results.json" --format junit --out "$out" >/dev/null || exit 3
isolab report "$out/results.json" --format markdown >"$out/report.md" || exit 3
isolab report "$out/results.json" --format terminal || exit 3
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$out/report.md" >>"$GITHUB_STEP_SUMMARY"; fi
say "done: $out (isolab run exit status $status)"
exit "$status"
