#!/usr/bin/env bash
# The benchmark harness: loads N certificates (default 1 000 000) with their histories into a real
# PostgreSQL (the embedded one, in target/bench/data, kept between runs), starts the packaged service
# in the bench profile, warms it, drives each scenario with wrk from a second process, and prints
# req/s, p50 and p99 per scenario with its ratio to the baseline. The summary goes to
# target/bench/summary.txt, the query plans to target/bench/explain.txt.
#
#   bench/run.sh [certificates]        needs: a JDK, wrk (apt-get install wrk), curl, python3
#   JAVA_OPTS (default -Xmx256m), DURATION (15s), CONNECTIONS (16) and PORT (8098) adjust a run.
N=${1:-1000000}
PORT=${PORT:-8098}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
source "$(dirname "$0")/lib.sh"

load "$N"
t0=$(date +%s%N)
start "$OUT/service.log"
t1=$(date +%s%N)
STARTED=$(grep -o 'started in [0-9.]*s' "$OUT/service.log" | head -1)
FIRST=$(( (t1 - t0) / 1000000 ))
scripts

RESULTS=$OUT/results.txt
: > "$RESULTS"
# warm every path once (JIT and database cache), so that no scenario pays for running first
for paths in baseline token number city1 city50 name2 name4 qr; do
  warm "$paths.paths"
done
# each scenario at saturation (req/s), and the latency scenarios also at a light load (2 connections),
# where p50/p99 measure the work rather than the queue
for scenario in baseline:baseline token:token number:number search-city-p1:city1 search-city-p50:city50 \
    search-name2:name2 search-name4:name4 qr-png:qr; do
  run "${scenario%%:*}" "${scenario#*:}.paths" "$CONNECTIONS" paths.lua >> "$RESULTS"
done
for scenario in token:token search-city-p1:city1 search-city-p50:city50 search-name2:name2 search-name4:name4; do
  run "${scenario%%:*}@2" "${scenario#*:}.paths" 2 paths.lua >> "$RESULTS"
done
run verify-1000@1 paths.lua 1 verify.lua >> "$RESULTS"

curl -sf "127.0.0.1:$PORT/bench/explain?city=4401&name2=%E7%91%9E%E4%B8%B0&name4=%E7%91%9E%E4%B8%B0%E7%94%B5%E5%99%A8" \
  > "$OUT/explain.txt" || true
SEQ=$(grep -c 'Seq Scan on certificate' "$OUT/explain.txt" || true)

{
  echo "cert-registry benchmark — $N certificates, $(nproc) cores, service and wrk on one machine, $(date -u +%F)"
  echo "service start: $STARTED (log), first answer after $FIRST ms; peak RSS under load $((RSS_MAX / 1024)) MB"
  printf '%-18s %10s %10s %10s %8s\n' scenario req/s p50 p99 ×baseline
  base=$(awk '$1 == "baseline" {print $2}' "$RESULTS")
  while read -r name rps p50 p99 rest; do
    ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    printf '%-18s %10s %10s %10s %8s %s\n' "$name" "$rps" "$p50" "$p99" "$ratio" "$rest"
  done < "$RESULTS"
  echo "name@2: 2 connections (light load); verify-1000@1: one connection, 1 000 numbers per request"
  echo "query plans: $OUT/explain.txt — sequential scans of certificate: $SEQ"
} | tee "$OUT/summary.txt"
