#!/usr/bin/env bash
# The query plans of the search shapes, with the buffers each statement touched: loads N certificates (default
# 100 000) into 广东省 in an embedded PostgreSQL of its own (target/bench/explain-data, kept for the next run of the
# same size), starts the bench build, lets the transparency log take the load in, vacuums (what autovacuum does a
# while after a load) and writes EXPLAIN (ANALYZE, BUFFERS) of each shape to target/bench/explain.txt, a summary of
# buffers per statement first: a city's search by scheme and status at page 1, at page 50 after the cursor of page 49
# (as a walk gets it) and at page 50 by offset, its province's at pages 1 and 50; names of 2 and 4 characters; valid
# on a day.
#
#   bench/explain.sh [certificates]        needs: a JDK, curl; PORT (8097) and CITY (4401) adjust a run
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
PORT=${PORT:-8097}
CITY=${CITY:-4401}
OUT=target/bench
DATA=$OUT/explain-data
APP=target/bench-app/quarkus-run.jar
mkdir -p "$OUT"
# the bench build (only it has the /bench endpoints), made again when a source is newer
if [ ! -f "$APP" ] || [ -n "$(find src/main -newer "$APP" -type f | head -1)" ]; then
  ./mvnw -q -B package -DskipTests -Dquarkus.profile=bench -Dquarkus.package.output-directory=bench-app
fi
if (exec 3<> "/dev/tcp/127.0.0.1/$PORT") 2> /dev/null; then
  echo "port $PORT is in use: PORT=… bench/explain.sh" >&2; exit 1
fi
[ -f "$DATA/.loaded-$N" ] || rm -rf "$DATA"
mkdir -p "$DATA"
REGISTRY_OPEN_DATA_SCHEDULE=false REGISTRY_DATA_DIR=$DATA REGISTRY_DEMO_DATA=true REGISTRY_DEMO_DATA_SIZE=$N \
  REGISTRY_DEMO_DATA_REGION=44 QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$PORT \
  java ${JAVA_OPTS:--Xmx512m} -Dquarkus.profile=bench -jar "$APP" > "$OUT/explain-service.log" 2>&1 &
PID=$!
trap 'kill $PID 2> /dev/null && wait $PID 2> /dev/null || true' EXIT
for _ in $(seq 1 1800); do
  curl -sf "127.0.0.1:$PORT/api/v1/schemes" > /dev/null && break
  kill -0 $PID 2> /dev/null || { tail -20 "$OUT/explain-service.log"; exit 1; }
  sleep 1
done
grep -o 'Loaded [0-9]* demo certificates in [0-9]* ms' "$OUT/explain-service.log" || true
touch "$DATA/.loaded-$N"
# the log takes the load's entries in, in the background: measure after it, not beside it
for _ in $(seq 1 600); do
  curl -sf "127.0.0.1:$PORT/bench/log" | grep -q '"waiting":0' && break
  kill -0 $PID 2> /dev/null || { tail -20 "$OUT/explain-service.log"; exit 1; }
  sleep 2
done
curl -sf -X POST "127.0.0.1:$PORT/bench/vacuum"
# 瑞丰 and 瑞丰电器, as bench/run.sh
curl -sf "127.0.0.1:$PORT/bench/explain?city=$CITY&name2=%E7%91%9E%E4%B8%B0&name4=%E7%91%9E%E4%B8%B0%E7%94%B5%E5%99%A8" \
  > "$OUT/explain.txt"
sed -n '1,/^$/p' "$OUT/explain.txt"
echo "plans: $OUT/explain.txt"
