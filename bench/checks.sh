#!/usr/bin/env bash
# Batch checks: POST /api/v1/verify with 1 000 numbers (of a sample of real ones, as bench/run.sh sends), from one
# connection (one client sending one request after another) and from CONNECTIONS (one client's many connections,
# which the per-client bound of costly requests queues behind each other), beside the bare-row baseline measured in
# the same run. Prints req/s, p50 and p99 of each, with req/s as a fraction of the baseline's and p50 as a multiple
# of it; also into target/bench/checks.txt. Shares bench/run.sh's data (target/bench/data).
#
#   bench/checks.sh [certificates]     needs: a JDK, wrk, curl, python3
#   DURATION (10s), CONNECTIONS (16), PORT (8097), PROFILE (0; 1 records JFR into target/bench/profiles) and
#   JAVA_OPTS (-Xmx256m) adjust a run.
N=${1:-1000000}
PORT=${PORT:-8097}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
PROFILE=${PROFILE:-0}
source "$(dirname "$0")/lib.sh"

load "$N"
start "$OUT/service.log"
# lib.sh's scripts; below a million certificates its walk to page 50 of a province may find fewer pages and stop, which
# costs this run nothing (errexit is off inside a list with ||): the batch it needs is written here again either way
scripts || true
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
numbers = json.load(open(out + "/sample.json"))["numbers"]
json.dump({"items": [{"number": n} for n in (numbers * 2)[:1000]]}, open(out + "/scripts/verify.json", "w"))
PY
# JIT and database cache for both paths, so that neither pays for running first
warm baseline.paths
PATHS="$OUT/scripts/baseline.paths" BODY="$OUT/scripts/verify.json" wrk -t2 -c2 -d20s -s "$OUT/scripts/verify.lua" \
  "http://127.0.0.1:$PORT" > /dev/null 2>&1 || true

RESULTS=$OUT/checks-results.txt
: > "$RESULTS"
run baseline@1 baseline.paths 1 paths.lua >> "$RESULTS"
run baseline@"$CONNECTIONS" baseline.paths "$CONNECTIONS" paths.lua >> "$RESULTS"
run verify-1000@1 baseline.paths 1 verify.lua >> "$RESULTS"
run verify-1000@"$CONNECTIONS" baseline.paths "$CONNECTIONS" verify.lua >> "$RESULTS"

{
  echo "batch checks — $N certificates, $(nproc) cores, service and wrk on one machine, $(date -u +%F)"
  printf '%-18s %9s %10s %10s %6s %6s %11s %11s\n' scenario req/s p50 p99 5xx 4xx req/s÷base p50÷base
  # wrk writes 950.00us, 12.34ms or 1.02s: all in ms for the ratios
  awk -v connections="$CONNECTIONS" '
    function ms(t) { if (t ~ /us$/) return t / 1000; if (t ~ /ms$/) return t + 0; if (t ~ /s$/) return t * 1000; return t }
    { name[NR] = $1; rps[NR] = $2; p50[NR] = $3; p99[NR] = $5; server[NR] = $6; refused[NR] = $7
      if ($1 ~ /^baseline@/) { split($1, at, "@"); brps[at[2]] = $2; bp50[at[2]] = ms($3) } }
    END {
      for (i = 1; i <= NR; i++) {
        split(name[i], at, "@")
        printf "%-18s %9s %10s %10s %6s %6s %11.4f %11.1f\n", name[i], rps[i], p50[i], p99[i], server[i], refused[i],
          (brps[at[2]] > 0 ? rps[i] / brps[at[2]] : 0), (bp50[at[2]] > 0 ? ms(p50[i]) / bp50[at[2]] : 0)
      }
    }' "$RESULTS"
  echo "baseline: one certificate row by id through the whole stack; verify-1000: 1 000 numbers per request;"
  echo "@1: one connection, one request after another; @$CONNECTIONS: $CONNECTIONS connections of one client (one address),"
  echo "which run one batch at a time; the ratios compare each with the baseline at the same connections"
} | tee "$OUT/checks.txt"
