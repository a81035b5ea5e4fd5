#!/usr/bin/env bash
# Measures the regional export of 100 000 certificates: loads them into 广东省 in a fresh embedded
# database, starts the packaged service with a small heap, exports CSV and XLSX, and prints time,
# size and the peak heap the JVM reported while exporting.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
HEAP=${HEAP:-256m}
PORT=${PORT:-8099}
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
REGISTRY_OPEN_DATA_SCHEDULE=false REGISTRY_DATA_DIR=$DATA REGISTRY_DEMO_DATA_SIZE=$ROWS REGISTRY_DEMO_DATA_REGION=44 QUARKUS_HTTP_PORT=$PORT \
  java -Xmx$HEAP -jar target/quarkus-app/quarkus-run.jar > "$DATA/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do
  curl -sf "localhost:$PORT/api/v1/schemes" > /dev/null && break
  sleep 1
done
grep -o 'Loaded [0-9]* demo certificates in [0-9]* ms' "$DATA/service.log" || true
# the log integrates the load's entries in the background: measure the export after it, not beside it
last=-1
for _ in $(seq 1 600); do
  size=$(curl -sf "localhost:$PORT/log/checkpoint" | sed -n 2p || echo 0)
  [ "$size" = "$last" ] && break
  last=$size
  sleep 3
done
echo "log integrated: $last entries"

peak=0
sample() { # the heap in use now, in KB, as the JVM reports it
  jcmd $PID GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new generation|PSYoungGen|total/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}' | tr -d 'K'
}
for format in csv xlsx; do
  jcmd $PID GC.run > /dev/null 2>&1 || true
  peak=0
  ( while kill -0 $PID 2>/dev/null; do sample; sleep 0.2; done ) > "$DATA/heap-$format.txt" &
  SAMPLER=$!
  start=$(date +%s.%N)
  curl -sf -o "$DATA/export.$format" "localhost:$PORT/regions/44/export.$format"
  end=$(date +%s.%N)
  kill $SAMPLER 2>/dev/null || true
  peak=$(sort -n "$DATA/heap-$format.txt" | tail -1)
  lines=$([ "$format" = csv ] && echo "$(($(wc -l < "$DATA/export.csv") - 1)) rows" || echo "")
  printf '%-5s %6.1f s  %8.1f MB  peak heap in use %s MB (-Xmx%s)  %s\n' "$format" "$(echo "$end - $start" | bc)" \
    "$(echo "$(stat -c %s "$DATA/export.$format") / 1048576" | bc -l)" "$(( ${peak:-0} / 1024 ))" "$HEAP" "$lines"
done
