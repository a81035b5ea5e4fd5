#!/usr/bin/env bash
# The transparency log's costs: loads N demo certificates with their histories into a fresh embedded
# database without the log (its triggers off: the baseline, the load as it was before the log), then
# into another with it, and measures the load, then how long the log takes to integrate every entry (entries/s);
# then single issues with and without the log's trigger (their ratio), and how soon a new entry is in a
# signed checkpoint, idle and at 50 writes/s. Figures also into target/bench/log.txt. Loopback only.
#
#   bench/log.sh [certificates]       default 1 000 000; needs a JDK, curl, python3, psql
#   PORT (8097) and JAVA_OPTS (-Xmx256m) adjust a run; ROUNDS (4) rounds of 50 issues per mode.
N=${1:-1000000}
PORT=${PORT:-8097}
ROUNDS=${ROUNDS:-4}
DURATION=1s CONNECTIONS=1
source "$(dirname "$0")/lib.sh"
command -v psql > /dev/null || { echo "psql is missing: apt-get install postgresql-client" >&2; exit 1; }
DATA=$OUT/log-baseline-data
rm -rf "$DATA"; mkdir -p "$DATA"
REGISTRY_DEMO_DATA=false start "$OUT/log-baseline-service.log"
baseline=$(curl -sf -X POST "127.0.0.1:$PORT/bench/load-without-log?count=$N" | python3 -c 'import json, sys; print(json.load(sys.stdin)["millis"])')
stop
rm -rf "$DATA"
DATA=$OUT/log-data
ADMIN=bench-$(head -c 33 /dev/urandom | base64 | tr -d '/+=')
rm -rf "$DATA"; mkdir -p "$DATA"
began=$(date +%s.%N)
REGISTRY_BOOTSTRAP_ADMIN_KEY=$ADMIN REGISTRY_DEMO_DATA=true REGISTRY_DEMO_DATA_SIZE=$N start "$OUT/log-service.log"
up=$(date +%s.%N)
loaded=$(grep -o 'Loaded [0-9]* demo certificates in [0-9]* ms' "$OUT/log-service.log" | grep -o '[0-9]* ms' | tr -d ' ms')
state=
while :; do
  state=$(curl -sf "127.0.0.1:$PORT/bench/log")
  python3 -c 'import json, sys; s = json.loads(sys.argv[1]); sys.exit(0 if s["waiting"] == 0 and s["signedSize"] == s["entries"] > 0 else 1)' "$state" && break
  sleep 1
done
done_at=$(date +%s.%N)
entries=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["entries"])' "$state")
pg_port=$(sed -n 4p "$DATA/postgres/postmaster.pid")
PSQL="psql -h 127.0.0.1 -p $pg_port -U postgres -d postgres -q -v ON_ERROR_STOP=1"
admin() { curl -sf -X POST "127.0.0.1:$PORT/api/v1/admin/$1" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$2"; }
admin bodies '{"code":"LOGBENCH","name":"日志基准认证有限公司","approvalNumber":"CNCA-R-2099-LOGB","numberPrefixes":["LOGB-"]}' > /dev/null
KEY=$(admin bodies/LOGBENCH/keys '{"label":"log bench"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')
{
  echo "cert-registry log run — $N certificates, $(nproc) cores, service and clients on one machine, $(date -u +%F)"
  awk -v z="$baseline" -v l="$loaded" -v b="$began" -v u="$up" -v d="$done_at" -v e="$entries" 'BEGIN {
    printf "baseline: load without the log (COPY, log triggers off)  %7.1f s\n", z / 1000
    printf "load (COPY, the outbox filled by the statement trigger)   %7.1f s\n", l / 1000
    printf "service up (load, migrations, start)                     %7.1f s\n", u - b
    printf "log complete: %d entries integrated and signed        %7.1f s after the start\n", e, d - b
    printf "integration, which starts once the service is up         %7.1f s: %.0f entries/s\n", d - u, e / (d - u)
    printf "load with its log (load + integration) against baseline  %7.2f×\n", (l / 1000 + d - u) / (z / 1000) }'
  python3 "$(dirname "$0")/log.py" "http://127.0.0.1:$PORT" "$KEY" "$PSQL" "$ROUNDS"
} | tee "$OUT/log.txt"
