#!/usr/bin/env bash
# The benchmark harness: loads N certificates (default 1 000 000) with their histories into a real
# PostgreSQL (the embedded one, in target/bench/data, kept between runs), starts the packaged service
# in the bench profile, warms it, drives each scenario with wrk from a second process, and prints
# req/s, p50 and p99 per scenario with its ratio to the baseline. The summary goes to
# target/bench/summary.txt, the query plans to target/bench/explain.txt.
#
#   bench/run.sh [certificates]        needs: a JDK, wrk (apt-get install wrk), curl, python3
#   JAVA_OPTS (default -Xmx256m), DURATION (15s), CONNECTIONS (16) and PORT (8098) adjust a run.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
PORT=${PORT:-8098}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
OUT=target/bench
DATA=${BENCH_DATA_DIR:-$OUT/data}
mkdir -p "$OUT/scripts"
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests

PID=
stop() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true; PID=; }
trap stop EXIT
start() { # $1: log file; extra environment comes from the caller
  REGISTRY_DATA_DIR=$DATA QUARKUS_HTTP_PORT=$PORT java ${JAVA_OPTS:--Xmx256m} -Dquarkus.profile=bench -jar target/quarkus-app/quarkus-run.jar > "$1" 2>&1 &
  PID=$!
  for _ in $(seq 1 3600); do
    curl -sf "localhost:$PORT/api/v1/schemes" > /dev/null && return 0
    kill -0 "$PID" 2>/dev/null || { tail -20 "$1"; exit 1; }
    sleep 0.5
  done
  echo "the service did not start" >&2; exit 1
}

if [ ! -f "$DATA/.loaded-$N" ]; then
  rm -rf "$DATA"; mkdir -p "$DATA"
  echo "Loading $N certificates (once; kept in $DATA)…"
  REGISTRY_DEMO_DATA=true REGISTRY_DEMO_DATA_SIZE=$N start "$OUT/load.log"
  grep -o 'Loaded [0-9]* demo certificates in [0-9]* ms' "$OUT/load.log"
  stop
  touch "$DATA/.loaded-$N"
fi

t0=$(date +%s%N)
start "$OUT/service.log"
t1=$(date +%s%N)
STARTED=$(grep -o 'started in [0-9.]*s' "$OUT/service.log" | head -1)
FIRST=$(( (t1 - t0) / 1000000 ))

curl -sf "localhost:$PORT/bench/sample?count=2000" > "$OUT/sample.json"
python3 - "$OUT" <<'PY'
import json, random, sys
out = sys.argv[1]
sample = json.load(open(out + "/sample.json"))
def lines(name, items):
    open(out + "/scripts/" + name, "w").write("\n".join(items) + "\n")
lines("token.paths", ["/v/" + t for t in sample["tokens"]])
lines("number.paths", ["/api/v1/certificates/" + n for n in sample["numbers"]])
lines("qr.paths", ["/api/v1/certificates/" + n + "/qr.png?size=256" for n in sample["numbers"]])
lines("baseline.paths", ["/bench/baseline/%d" % i for i in sample["ids"]])
lines("city1.paths", ["/api/v1/certificates?region=4401&scheme=AFTER_SALES&status=VALID"])
lines("city50.paths", ["/api/v1/certificates?region=44&scheme=AFTER_SALES&status=VALID&page=50"])
lines("name2.paths", ["/api/v1/certificates?q=%E7%91%9E%E4%B8%B0"])               # 瑞丰
lines("name4.paths", ["/api/v1/certificates?q=%E7%91%9E%E4%B8%B0%E7%94%B5%E5%99%A8"]) # 瑞丰电器
numbers = (sample["numbers"] * 2)[:1000]
json.dump({"items": [{"number": n} for n in numbers]}, open(out + "/scripts/verify.json", "w"))
PY
cat > "$OUT/scripts/paths.lua" <<'LUA'
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Accept"] = "application/json"})
end
LUA
cat > "$OUT/scripts/verify.lua" <<'LUA'
wrk.method = "POST"
wrk.path = "/api/v1/verify"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
local file = io.open(os.getenv("BODY"))
wrk.body = file:read("*a")
file:close()
LUA

RSS_MAX=0
run() { # name paths-file connections script → "req/s p50 p99" 
  local name=$1 paths=$2 connections=$3 script=$4
  local threads=$(( connections < 2 ? connections : 2 ))
  PATHS="$OUT/scripts/$paths" BODY="$OUT/scripts/verify.json" wrk -t"$threads" -c"$connections" -d5s -s "$OUT/scripts/$script" \
    "http://localhost:$PORT" > /dev/null 2>&1 || true   # warm-up
  PATHS="$OUT/scripts/$paths" BODY="$OUT/scripts/verify.json" wrk -t"$threads" -c"$connections" -d"$DURATION" --latency \
    -s "$OUT/scripts/$script" "http://localhost:$PORT" > "$OUT/wrk-$name.txt" 2>&1 &
  local wrk_pid=$!
  while kill -0 $wrk_pid 2>/dev/null; do
    local rss; rss=$(ps -o rss= -p "$PID" | tr -d ' '); [ "${rss:-0}" -gt "$RSS_MAX" ] && RSS_MAX=$rss; sleep 1
  done
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk-$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$name.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/wrk-$name.txt" | tr '\n' ' ')
  echo "$name $rps $p50 $p99 $errors"
}

RESULTS=$OUT/results.txt
: > "$RESULTS"
# warm every path once (JIT and database cache), so that no scenario pays for running first
for paths in baseline token number city1 city50 name2 name4 qr; do
  PATHS="$OUT/scripts/$paths.paths" wrk -t2 -c4 -d3s -s "$OUT/scripts/paths.lua" "http://localhost:$PORT" > /dev/null 2>&1 || true
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

curl -sf "localhost:$PORT/bench/explain?city=4401&name2=%E7%91%9E%E4%B8%B0&name4=%E7%91%9E%E4%B8%B0%E7%94%B5%E5%99%A8" \
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
