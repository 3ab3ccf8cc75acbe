#!/usr/bin/env bash
# compare-and-gate.sh: the final CI job, also runnable by hand. Compares the results of
# several machines (kernels, distros) side by side and holds each against the policy.
#
#   ci/compare-and-gate.sh --policy ci/policy.yaml [--baseline B.json] [--out DIR] RESULTS.json…
#
#   DIR/compare.md, DIR/compare/compare.html   the comparison (first file = baseline column)
#   DIR/gate-N.txt                             each file's gate verdicts
#
# Markdown goes to $GITHUB_STEP_SUMMARY when set; gate violations are annotated
# (::error in GitHub Actions). Exit status: the worst gate status (0 pass, 1 violation,
# 2 unusable policy or input).
set -euo pipefail
cd "$(dirname "$0")/.."

policy=""
baseline=""
out=isolab-compare
files=()
while [ $# -gt 0 ]; do
  case "$1" in
    --policy) policy="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "compare-and-gate: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) files+=("$1"); shift ;;
  esac
done

say() { printf 'compare-and-gate: %s\n' "$*" >&2; }
# ISOLAB_CMD overrides how isolab is run (e.g. "node bin/isolab.js"); default: the checkout's ./isolab.
read -r -a isolab_cmd <<<"${ISOLAB_CMD:-./isolab}"
isolab() { "${isolab_cmd[@]}" "$@"; }

[ -n "$policy" ] || { say "--policy FILE is required"; exit 2; }
[ "${#files[@]}" -gt 0 ] || { say "give at least one results.json"; exit 2; }
mkdir -p "$out"

if [ "${#files[@]}" -ge 2 ]; then
  say "comparing ${#files[@]} runs"
  isolab compare "${files[@]}" --format markdown >"$out/compare.md"
  isolab compare "${files[@]}" --format html --out "$out/compare" >/dev/null
  isolab compare "${files[@]}" --format terminal
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$out/compare.md" >>"$GITHUB_STEP_SUMMARY"; fi
else
  say "one results file: nothing to compare"
fi

worst=0
i=0
for f in "${files[@]}"; do
  i=$((i + 1))
  say "gate: $f"
  args=(--policy "$policy")
  [ -n "$baseline" ] && args+=(--baseline "$baseline")
  status=0
  isolab gate "${args[@]}" "$f" | tee "$out/gate-$i.txt" || status=${PIPESTATUS[0]}
  [ "$status" -gt "$worst" ] && worst=$status
done
say "worst gate status: $worst"
exit "$worst"
