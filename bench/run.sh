#!/usr/bin/env bash
# The benchmark harness: loads N certificates (default 1 000 000) with their histories into a real
# PostgreSQL (the embedded one, in target/bench/data, kept between runs), starts the packaged service
# in the bench profile, warms it, drives each scenario with wrk from a second process, and prints
# req/s, p50, p95 and p99 per scenario with its ratio to the baseline, the 2-character name search's ratio
# to a peer (plain PostgreSQL: ILIKE with a pg_trgm index) and what bounds each scenario (a JFR recording's
# top frames). The summary goes to target/bench/summary-<N>.txt (with the growth of each cost over a run at another
# size, when there was one), the query plans to target/bench/explain.txt,
# the recordings to target/bench/profiles.
#
#   bench/run.sh [certificates]        needs: a JDK (jcmd, jfr), wrk (apt-get install wrk), curl, python3
#   JAVA_OPTS (default -Xmx256m), WARMUP (60 s at 1 000 000, 40 below), DURATION (15s at 1 000 000, 8s below),
#   CONNECTIONS (16), CROWD (256), PORT (8098) and
#   PROFILE (1; 0 records nothing) adjust a run. bench/run.sh 100000 is the quick check (under 5 minutes).
N=${1:-1000000}
PORT=${PORT:-8098}
DURATION=${DURATION:-$([ "$N" -ge 1000000 ] && echo 15s || echo 8s)}
CONNECTIONS=${CONNECTIONS:-16}
source "$(dirname "$0")/lib.sh"

load "$N"
# AppCDS: a first start writes the classes it loaded into an archive that the measured start maps instead of
# loading them again (made anew whenever the package is newer)
ARCHIVE=$OUT/app-cds.jsa
if [ ! -f "$ARCHIVE" ] || [ "$APP" -nt "$ARCHIVE" ]; then
  rm -f "$ARCHIVE"
  JAVA_OPTS="${JAVA_OPTS:--Xmx256m} -XX:ArchiveClassesAtExit=$ARCHIVE" start "$OUT/archive.log"
  stop
fi
UNARCHIVED=$(grep -o 'started in [0-9.]*s' "$OUT/archive.log" | head -1)
t0=$(date +%s%N)
JAVA_OPTS="${JAVA_OPTS:--Xmx256m} -XX:SharedArchiveFile=$ARCHIVE" start "$OUT/service.log"
t1=$(date +%s%N)
STARTED=$(grep -o 'started in [0-9.]*s' "$OUT/service.log" | head -1)
FIRST=$(( (t1 - t0) / 1000000 ))
scripts
curl -sf -X POST "127.0.0.1:$PORT/bench/peer/index"
printf '%s\n' "/bench/peer/name?q=%E7%91%9E%E4%B8%B0" > "$OUT/scripts/peer2.paths"   # 瑞丰, as name2

rm -rf "$OUT/profiles"; mkdir -p "$OUT/profiles"
RESULTS=$OUT/results-$N.txt
: > "$RESULTS"
# the load's entries are integrated into the log in the background: a scenario measured while that runs pays for it
# (it halved the first ones), so the warm-up waits until the log's checkpoint stops growing
settle_log() {
  local previous=-1 size
  for _ in $(seq 1 720); do
    size=$(curl -sf "127.0.0.1:$PORT/log/checkpoint" | sed -n 2p)
    [ "$size" = "$previous" ] && { echo "the log settled at $size entries"; return 0; }
    previous=$size
    sleep 5
  done
  echo "the log was still growing after an hour ($size entries)" >&2
}
settle_log
# warm every path (JIT and database cache), so that no scenario pays for running first: on two cores the JIT
# compiles for a minute, and a scenario measured before it is done (the baseline, first) is worth half as much
WARMUP=${WARMUP:-$([ "$N" -ge 1000000 ] && echo 60 || echo 40)}
printf '%s\n' /regions/44 > "$OUT/scripts/region44.paths"
printf '%s\n' /regions/4401 > "$OUT/scripts/region4401.paths"
printf '%s\n' /regions/44/trends.csv > "$OUT/scripts/trends44.paths"
cat "$OUT"/scripts/{baseline,static,token,number,city1,city50,city50offset,common2,name2,name4,qr,checkpoint,region44,region4401,trends44}.paths \
  > "$OUT/scripts/all.paths"
PATHS="$OUT/scripts/all.paths" wrk -t2 -c16 -d"${WARMUP}s" -s "$OUT/scripts/paths.lua" "http://127.0.0.1:$PORT" > /dev/null 2>&1 || true
for paths in page name2 peer2; do
  warm "$paths.paths"
done
# each scenario at saturation (req/s) with CONNECTIONS and with a crowd of CROWD connections; the name searches also at
# a light load (2 connections), where p50/p95 measure the work rather than the queue
CROWD=${CROWD:-256}
HTML="text/html"
for scenario in baseline:baseline static:static token:token token-one:tokenone page-one:tokenone:$HTML number:number \
    page:page:$HTML search-city-p1:city1 search-city-p50:city50 search-city-p50-offset:city50offset \
    search-common2:common2 search-name2:name2 search-name4:name4 qr-png:qr checkpoint:checkpoint:text/plain \
    region-44:region44:$HTML region-4401:region4401:$HTML trends-44:trends44:text/csv; do
  IFS=: read -r name paths accept <<< "$scenario"
  accept=${accept:-application/json}
  run "$name" "$paths.paths" "$CONNECTIONS" paths.lua "$accept" >> "$RESULTS"
  run "$name@$CROWD" "$paths.paths" "$CROWD" paths.lua "$accept" >> "$RESULTS"
done
# the peer is PostgreSQL's plain way, not a path of ours: no crowd for it
run peer-name2 peer2.paths "$CONNECTIONS" paths.lua >> "$RESULTS"
for scenario in token:token search-city-p1:city1 search-city-p50:city50 search-name2:name2 search-name4:name4 \
    peer-name2:peer2; do
  run "${scenario%%:*}@2" "${scenario#*:}.paths" 2 paths.lua >> "$RESULTS"
done
for term in 有限 公司 科技 广州 北京; do
  printf '%s\n' "/api/v1/certificates?q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$term")" \
    > "$OUT/scripts/common-$term.paths"
  run "name-$term@2" "common-$term.paths" 2 paths.lua >> "$RESULTS"
done
run verify-1000@1 paths.lua 1 verify.lua >> "$RESULTS"

curl -sf "127.0.0.1:$PORT/bench/explain?city=4401&name2=%E7%91%9E%E4%B8%B0&name4=%E7%91%9E%E4%B8%B0%E7%94%B5%E5%99%A8" \
  > "$OUT/explain.txt" || true
SEQ=$(grep -c 'Seq Scan on certificate' "$OUT/explain.txt" || true)

{
  echo "cert-registry benchmark — $N certificates, $(nproc) cores, service and wrk on one machine, $(date -u +%F)"
  echo "service start: $STARTED with AppCDS (log; the start that made the archive: $UNARCHIVED), first answer after $FIRST ms;"
  echo "peak RSS under load $((RSS_MAX / 1024)) MB"
  printf '%-22s %9s %9s %9s %9s %6s %6s %9s %9s %8s\n' scenario req/s p50 p95 p99 5xx 4xx ×baseline ×static ×16conn
  base=$(awk '$1 == "baseline" {print $2}' "$RESULTS")
  still=$(awk '$1 == "static" {print $2}' "$RESULTS")
  while read -r name rps p50 p95 p99 server refused rest; do
    single=$(awk -v n="${name%@*}" '$1 == n {print $2}' "$RESULTS")
    ratios=$(awk -v a="$rps" -v b="$base" -v s="$still" -v one="$single" -v crowd="$([ "${name#*@}" = "$CROWD" ] && echo 1)" \
      'BEGIN { printf "%9.2f %9.2f %8s", a / b, a / s, (crowd == 1 && one > 0) ? sprintf("%.2f", a / one) : "" }')
    printf '%-22s %9s %9s %9s %9s %6s %6s %s %s\n' "$name" "$rps" "$p50" "$p95" "$p99" "$server" "$refused" "$ratios" "$rest"
  done < "$RESULTS"
  echo "baseline: one certificate row by id through the whole stack; static: a JSON answer of a verification's size that"
  echo "reads nothing; token: random codes of a sample of 2 000; token-one, page-one: one popular code (JSON, phone page);"
  echo "search-common2: 有限, 公司, 科技, 广州, 北京 (the commonest pairs); @$CROWD: $CROWD connections; ×16conn: that run's"
  echo "throughput over the $CONNECTIONS-connection run's; 5xx and 4xx: answers so counted (a 429 or 503 is a named refusal)"
  echo "name@2: 2 connections (light load); verify-1000@1: one connection, 1 000 numbers per request;"
  echo "search-city-p50: page $(cat "$OUT/scripts/city50.page") (50, or the last there is) by the keyset cursor after the one"
  echo "before; search-city-p50-offset: the same page by ?page="
  for load in "" @2; do
    awk -v ours="search-name2$load" -v peer="peer-name2$load" '$1 == ours {a = $2} $1 == peer {b = $2}
      END { if (b > 0) printf "2-character name search%s: %.1f× the peer (ILIKE with a pg_trgm index)\n", substr(ours, 13), a / b }' "$RESULTS"
  done
  if [ "$PROFILE" = 1 ]; then
    echo "what bounds each scenario (JFR samples of the measured part):"
    while read -r name rest; do
      [ -f "$OUT/profiles/$name.jfr" ] && printf '  %-16s %s\n' "$name" "$(python3 bench/frames.py "$OUT/profiles/$name.jfr" 2>&1 | tail -1)"
    done < "$RESULTS"
  fi
  echo "query plans: $OUT/explain.txt — sequential scans of certificate: $SEQ"
  # how each scenario's cost per request grows with the register: the same scenarios at another size, measured by an
  # earlier run of this script (results-<n>.txt); a list whose cost grows with the register shows a ratio well above 1
  for other in "$OUT"/results-*.txt; do
    size=${other##*/results-}; size=${size%.txt}
    [ "$size" = "$N" ] && continue
    echo "cost per request at $N over at $size certificates (req/s there over req/s here; p50 here over p50 there):"
    awk 'NR == FNR {rps[$1] = $2; p50[$1] = $3; next}
      ($1 in rps) && $2 > 0 { printf "  %-22s %6.2f× %6.2f×\n", $1, rps[$1] / $2, ms($3) / ms(p50[$1]) }
      function ms(v) { return v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v * 1000 }' "$other" "$RESULTS"
  done
} | tee "$OUT/summary-$N.txt"
