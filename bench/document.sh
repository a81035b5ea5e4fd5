#!/usr/bin/env bash
# Measures bid file checking (POST /api/v1/verify/document): starts the packaged service with demo data
# and a small heap, prints 10 of its certificate pages with headless Chromium and builds a bid file of
# PAGES pages (every EVERY-th, default tenth, a copy: straight, rotated, scaled, upside down, photographed, blotted;
# src/test/java/…/document/BidFileBench.java), then checks it RUNS times and prints the time, pages per
# second (150-dpi rendering, code finding and decoding, text layer, verification; AT_ONCE files sent
# together) and the peak heap in
# use and peak resident memory of the service while it read.   needs: chromium, a JDK
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${PAGES:-300}
EVERY=${EVERY:-10}
RUNS=${RUNS:-3}
AT_ONCE=${AT_ONCE:-1}   # files sent at once: the service reads two at once by default
HEAP=${HEAP:-512m}
PORT=${PORT:-8098}
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; [ -n "${KEEP:-}" ] && cp "$DATA"/answer-1.json "$KEEP"; rm -rf "$DATA"' EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
./mvnw -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt > /dev/null
REGISTRY_OPEN_DATA_SCHEDULE=false REGISTRY_DATA_DIR=$DATA REGISTRY_DEMO_DATA_SIZE=200 QUARKUS_HTTP_PORT=$PORT \
  java -Xmx$HEAP -jar target/quarkus-app/quarkus-run.jar > "$DATA/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 300); do
  curl -sf "localhost:$PORT/api/v1/schemes" > /dev/null && break
  sleep 1
done
numbers=$(curl -sf "localhost:$PORT/api/v1/certificates?size=10" | grep -o '"number":"[^"]*"' | cut -d'"' -f4 | head -10)
java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" cn.certregistry.document.BidFileBench \
  "http://localhost:$PORT" "$DATA/bid.pdf" "$PAGES" "$EVERY" $numbers
echo "bid file: $PAGES pages, a copy every $EVERY, $(stat -c %s "$DATA/bid.pdf") bytes"

heap() { # the heap in use now, in KB, as the JVM reports it
  jcmd $PID GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}' | tr -d 'K'
}
for run in $(seq 1 "$RUNS"); do
  jcmd $PID GC.run > /dev/null 2>&1 || true
  ( while kill -0 $PID 2>/dev/null; do heap; sleep 0.2; done ) > "$DATA/heap-$run.txt" &
  SAMPLER=$!
  start=$(date +%s.%N)
  clients=()
  for client in $(seq 1 "$AT_ONCE"); do
    curl -s -o "$DATA/answer-$run-$client.json" -w '%{http_code}\n' -F "file=@$DATA/bid.pdf;type=application/pdf" \
      "localhost:$PORT/api/v1/verify/document" > "$DATA/status-$run-$client.txt" &
    clients+=($!)
  done
  wait "${clients[@]}"
  end=$(date +%s.%N)
  status=$(cat "$DATA"/status-$run-*.txt | sort | uniq -c | tr -s ' ' | tr '\n' ' ')
  cp "$DATA/answer-$run-1.json" "$DATA/answer-$run.json"
  kill $SAMPLER 2>/dev/null || true
  found=$(grep -o '"foundBy"' "$DATA/answer-$run.json" | wc -l)
  seconds=$(echo "$end - $start" | bc)
  printf 'run %d: answers %s, %d certificates found in one, %.1f s, %.1f pages/s, peak heap in use %d MB (-Xmx%s), peak RSS %d MB\n' \
    "$run" "$status" "$found" "$seconds" "$(echo "$AT_ONCE * $PAGES / $seconds" | bc -l)" "$(( $(sort -n "$DATA/heap-$run.txt" | tail -1) / 1024 ))" \
    "$HEAP" "$(( $(awk '/VmHWM/ {print $2}' /proc/$PID/status) / 1024 ))"
done
