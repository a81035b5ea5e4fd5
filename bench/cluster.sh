#!/usr/bin/env bash
# A rehearsal of the Kubernetes replica set on one machine, with real parts: a PostgreSQL primary and a streaming
# standby replicating synchronously as k8s/base/database.yaml asks (remote_apply, durability required), INSTANCES
# packaged services (production profile) writing to the primary through a multi-host URL and reading from the standby,
# as the ConfigMap's -rw and -ro services do, behind HAProxy (round robin, readiness as the Deployment's probe).
# Under load, phases of faults:
#   steady    nothing
#   kill      kill -9 of service s1, started again
#   standby   the standby stopped (pg_ctl stop -m fast), started again
#   failover  the primary stopped (-m immediate), the standby promoted (pg_ctl promote), the old primary rewound
#             (pg_rewind) and started as the new standby
#   after     nothing
# Load throughout: scanners (wrk, CONNECTIONS) on genuine /v/{token} addresses of certificates issued here, two
# certification bodies issuing, suspending and restoring under Idempotency-Keys, an offline verifier reading
# /status/snapshot and then the file it names, a webhook receiver on loopback subscribed to both bodies.
# Afterwards every acknowledged write is read back and looked for in the transparency log, the webhooks are compared
# with the feed, and the figures are printed per phase (also into target/bench/cluster.txt; the logs, journals and
# a thread dump of an instance left unready go to target/bench/cluster-logs). Exits 1 when an acknowledged write is
# missing from the register or from the log, or a webhook entry is missing or out of order.
#
#   bench/cluster.sh     needs: a JDK 17, curl, python3, wrk, haproxy, PostgreSQL server binaries (Debian's
#                        postgresql; PG_BIN=<dir> picks others), openssl; run as root (PostgreSQL runs as user postgres)
#   DURATION (180 s of load in all), INSTANCES (2), CONNECTIONS (256), SCAN_CERTS (200), WRITERS and CHANGERS (per
#   body: 2 and 1) adjust a run.
set -euo pipefail
cd "$(dirname "$0")/.."
HERE=bench/cluster
DURATION=${DURATION:-180}
INSTANCES=${INSTANCES:-2}
CONNECTIONS=${CONNECTIONS:-256}
export INSTANCES SCAN_CERTS=${SCAN_CERTS:-200} WRITERS=${WRITERS:-2} CHANGERS=${CHANGERS:-1}
# five phases, the failover half as long again as the others: it has a promotion and a rejoin in it
PHASE=$(( DURATION * 2 / 11 ))
[ "$PHASE" -ge 10 ] || { echo "DURATION must be at least 55 s" >&2; exit 2; }
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)}
for tool in wrk haproxy curl python3 openssl java; do
  command -v "$tool" > /dev/null || { echo "$tool is missing (apt-get install postgresql haproxy wrk)" >&2; exit 2; }
done
[ -x "$pg_bin/initdb" ] || { echo "no PostgreSQL server binaries: apt-get install postgresql, or set PG_BIN" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root: the PostgreSQL servers run as user postgres" >&2; exit 2; }

APP=target/quarkus-app/quarkus-run.jar
[ -f "$APP" ] || ./mvnw -q -B package -DskipTests
ZXING=$(ls target/quarkus-app/lib/main/com.google.zxing.core-*.jar | head -n 1)
export HELPER="java -cp $ZXING $HERE/Helper.java"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cert-registry-cluster.XXXXXX")
chmod 755 "$WORK"
declare -A SERVICE_PID=()
HAPROXY_PID= RECEIVER_PID= LOAD_PID= WRK_PID=

as_postgres() { (cd "$WORK" && runuser -u postgres -- "$@"); }
# A server's pid is the first line of its postmaster.pid; pg_ctl reads it too.
pg_pid() {
  local pid; pid=$(head -n 1 "$WORK/$1/postmaster.pid" 2> /dev/null || true)
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2> /dev/null)" = postgres ] && echo "$pid" || true
}
cleanup() {
  set +e
  [ -n "$WRK_PID" ] && kill "$WRK_PID" 2> /dev/null
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2> /dev/null
  [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2> /dev/null
  for i in "${!SERVICE_PID[@]}"; do kill "${SERVICE_PID[$i]}" 2> /dev/null; done
  [ -n "$HAPROXY_PID" ] && kill "$HAPROXY_PID" 2> /dev/null
  for node in pg-a pg-b; do
    pid=$(pg_pid $node)
    [ -n "$pid" ] && kill -INT "$pid" 2> /dev/null   # fast shutdown
  done
  for _ in $(seq 1 50); do
    alive=
    for p in $WRK_PID $LOAD_PID $RECEIVER_PID "${SERVICE_PID[@]}" $HAPROXY_PID $(pg_pid pg-a) $(pg_pid pg-b); do
      kill -0 "$p" 2> /dev/null && alive=1
    done
    [ -z "$alive" ] && break
    sleep 0.2
  done
  for p in $WRK_PID $LOAD_PID $RECEIVER_PID "${SERVICE_PID[@]}" $HAPROXY_PID $(pg_pid pg-a) $(pg_pid pg-b); do
    kill -9 "$p" 2> /dev/null
  done
  wait 2> /dev/null
  rm -rf target/bench/cluster-logs; mkdir -p target/bench/cluster-logs
  cp "$WORK"/*.log "$WORK"/*.jsonl "$WORK"/timeline "$WORK"/wrk-*.txt target/bench/cluster-logs/ 2> /dev/null
  for node in pg-a pg-b; do
    for f in "$WORK/logs/$node"/*; do [ -f "$f" ] && cp "$f" "target/bench/cluster-logs/$node-${f##*/}"; done
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

event() { echo "event $EPOCHREALTIME $*" >> "$WORK/timeline"; }
note() { echo "$*" >> "$WORK/timeline"; }
at() { # sleeps until $1 seconds after the phase's start
  local wait; wait=$(awk -v s="$PHASE_START" -v o="$1" -v n="$EPOCHREALTIME" 'BEGIN { d = s + o - n; print (d > 0 ? d : 0) }')
  sleep "$wait"
}

# ------------------------------------------------------------------------------------------------ ports and secrets
read -r PG_A PG_B HA RECEIVER PORTS <<< "$(python3 - "$INSTANCES" <<'PY'
import socket, sys
sockets = [socket.socket() for _ in range(4 + int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
ports = [str(s.getsockname()[1]) for s in sockets]
print(" ".join(ports[:4]), ",".join(ports[4:]))
PY
)"
IFS=, read -r -a SERVICE_PORT <<< "$PORTS"
declare -A PG_PORT=([pg-a]=$PG_A [pg-b]=$PG_B)
BASE=http://127.0.0.1:$HA
secret() { head -c 24 /dev/urandom | base64 | tr -d '/+='; }
OWNER_PW=$(secret) APP_PW=$(secret) READER_PW=$(secret) REPLICATION_PW=$(secret)
ADMIN=cluster-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
chown postgres: "$WORK"
printf '*:*:*:streaming_replica:%s\n' "$REPLICATION_PW" > "$WORK/pgpass"
chown postgres: "$WORK/pgpass"; chmod 600 "$WORK/pgpass"

# ------------------------------------------------------------------------------------------------ PostgreSQL
# What depends on a node's role lives in node.conf, written here for each node whenever its role changes: pg_basebackup
# and pg_rewind copy the other node's files, this one included.
node_conf() { # node peer [sync]
  local sync=""
  # database.yaml: method any, number 2 of 3 instances, that is every replica, dataDurability required: the one standby
  # here. A commit waits until it has applied the change, and waits on while it is away.
  [ "${3:-sync}" = sync ] && sync="synchronous_standby_names = 'ANY 1 (\"$2\")'"
  mkdir -p "$WORK/logs/$1"; chown postgres: "$WORK/logs" "$WORK/logs/$1"
  # outside the data directory: pg_rewind would replace a node's logs with the other's
  cat > "$WORK/$1/node.conf" <<EOF
log_directory = '$WORK/logs/$1'
port = ${PG_PORT[$1]}
cluster_name = '$1'
primary_conninfo = 'host=127.0.0.1 port=${PG_PORT[$2]} user=streaming_replica passfile=$WORK/pgpass application_name=$1'
$sync
EOF
  chown postgres: "$WORK/$1/node.conf"
}
pg() { as_postgres "$pg_bin/pg_ctl" -D "$WORK/$1" -l "$WORK/$1.log" "${@:2}"; }
psql_on() { as_postgres "$pg_bin/psql" -h "$WORK" -p "${PG_PORT[$1]}" -U postgres -d postgres -XAtq -v ON_ERROR_STOP=1 "${@:2}"; }
streaming() { # node primary [sync|async]: waits until node streams from primary (as its synchronous standby by default)
  # and has replayed what the primary had written when asked: a standby that connects and is turned away again (a
  # timeline it cannot follow) shows as streaming for a moment, and never catches up
  local lsn; lsn=$(psql_on "$2" -c "select pg_current_wal_lsn()")
  for _ in $(seq 1 300); do
    # a standby of an ANY list is a "quorum" one
    [ "$(psql_on "$2" -c "select case when sync_state = 'async' then 'async' else 'sync' end from pg_stat_replication
                           where application_name = '$1' and state = 'streaming' and replay_lsn >= '$lsn'" 2> /dev/null)" \
      = "${3:-sync}" ] && return 0
    sleep 0.2
  done
  return 1
}

as_postgres "$pg_bin/initdb" -D "$WORK/pg-a" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust \
  --auth-host=scram-sha-256 > /dev/null
cat >> "$WORK/pg-a/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
logging_collector = on
# database.yaml
synchronous_commit = remote_apply
random_page_cost = 1.1
# CloudNativePG's defaults, so that a former primary can be rewound and rejoin as a standby: pg_rewind reads the old
# primary's WAL back to the last checkpoint before the fork, which without wal_keep_size is recycled by then
wal_log_hints = on
wal_keep_size = 512MB
include_if_exists 'node.conf'
EOF
node_conf pg-a pg-b nosync
pg pg-a -w start > /dev/null
psql_on pg-a -c "create role app login password '$OWNER_PW'" -c "create database app owner app" \
  -c "create role registry_app login password '$APP_PW'" -c "create role registry_reader login password '$READER_PW'" \
  -c "create role streaming_replica replication login password '$REPLICATION_PW'"
as_postgres "$pg_bin/pg_basebackup" -h "$WORK" -p "$PG_A" -U postgres -D "$WORK/pg-b" -X stream -c fast
node_conf pg-b pg-a
touch "$WORK/pg-b/standby.signal"; chown postgres: "$WORK/pg-b/standby.signal"
pg pg-b -w start > /dev/null
streaming pg-b pg-a async || { echo "the standby did not stream" >&2; exit 1; }
node_conf pg-a pg-b
pg pg-a reload > /dev/null
streaming pg-b pg-a || { echo "the standby is not synchronous" >&2; exit 1; }
note "postgres $("$pg_bin/postgres" --version | awk '{print $3}'): primary pg-a :$PG_A, standby pg-b :$PG_B;" \
  "synchronous_standby_names $(psql_on pg-a -c 'show synchronous_standby_names'), synchronous_commit $(psql_on pg-a -c 'show synchronous_commit')"

# ------------------------------------------------------------------------------------------------ the services
mkdir -m 700 "$WORK/keys"
openssl genpkey -algorithm ed25519 -out "$WORK/keys/k1.pem" 2> /dev/null
# the e-certificates' document-signing key, as the Secret cert-registry-document-signing-keys holds it (README)
mkdir -m 700 "$WORK/document-signing"
openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt > "$WORK/document-signing/d1.key"
openssl req -x509 -new -key "$WORK/document-signing/d1.key" -days 1825 -subj '/O=Register/CN=Register document signing d1' \
  > "$WORK/document-signing/d1.crt"
cat "$WORK/document-signing/d1.key" "$WORK/document-signing/d1.crt" > "$WORK/document-signing/d1.pem"
rm "$WORK/document-signing/d1.key" "$WORK/document-signing/d1.crt"
# the ConfigMap and the Deployment's environment, with this machine's addresses
service_env=(
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_A,127.0.0.1:$PG_B/app?targetServerType=primary"
  QUARKUS_DATASOURCE_READONLY_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_B/app"
  QUARKUS_FLYWAY_USERNAME=app QUARKUS_FLYWAY_PASSWORD="$OWNER_PW"
  QUARKUS_DATASOURCE_USERNAME=registry_app QUARKUS_DATASOURCE_PASSWORD="$APP_PW" REGISTRY_DATABASE_APPLICATION_ROLE=registry_app
  REGISTRY_DATABASE_READER=registry_reader REGISTRY_DATABASE_READER_PASSWORD="$READER_PW"
  REGISTRY_SIGNING_KEY_DIR="$WORK/keys" REGISTRY_SIGNING_ACTIVE_KID=k1 REGISTRY_SIGNING_DOCUMENT_KEY_DIR="$WORK/document-signing"
  REGISTRY_PUBLIC_BASE_URL="$BASE" QUARKUS_SHUTDOWN_TIMEOUT=20s
  JAVA_TOOL_OPTIONS="-Xmx256m -XX:ActiveProcessorCount=2 -XX:+ExitOnOutOfMemoryError" MALLOC_ARENA_MAX=2
  # not in the ConfigMap: the first admin key, to register the bodies and the subscriber; a receiver on loopback over
  # http; no open-data dump in the middle of the measurements
  REGISTRY_BOOTSTRAP_ADMIN_KEY="$ADMIN" REGISTRY_WEBHOOKS_ALLOW_LOCAL_TARGETS=true REGISTRY_OPEN_DATA_SCHEDULE=false
)
start_service() { # index (1-based)
  local port=${SERVICE_PORT[$(( $1 - 1 ))]}
  env "${service_env[@]}" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" java -jar "$APP" >> "$WORK/s$1.log" 2>&1 &
  SERVICE_PID[$1]=$!
}
ready() { # index, seconds: waits for /q/health/ready of the instance itself
  local port=${SERVICE_PORT[$(( $1 - 1 ))]}
  for _ in $(seq 1 $(( $2 * 4 ))); do
    curl -sf -m 2 "127.0.0.1:$port/q/health/ready" > /dev/null && return 0
    kill -0 "${SERVICE_PID[$1]}" 2> /dev/null || { tail -20 "$WORK/s$1.log" >&2; return 1; }
    sleep 0.25
  done
  return 1
}
# one after the other: the first runs the migrations
for i in $(seq 1 "$INSTANCES"); do
  start_service "$i"
  ready "$i" 180 || { echo "service s$i did not become ready" >&2; tail -30 "$WORK/s$i.log" >&2; exit 1; }
done

# ------------------------------------------------------------------------------------------------ HAProxy
# The Deployment's readiness probe (every 5 s, 3 failures, 1 s timeout: the Kubernetes default) as the health check;
# a request whose server refused it or died before answering is tried on another server, as ingress-nginx does by
# default (proxy_next_upstream error timeout), and a server's answer waits up to 60 s, its proxy-read-timeout.
{
  cat <<EOF
global
  maxconn 4096
  stats socket $WORK/haproxy.sock mode 600 level user
defaults
  mode http
  option redispatch
  retries 3
  retry-on conn-failure empty-response
  timeout connect 2s
  timeout client 75s
  timeout server 60s
  timeout check 1s
frontend registry
  bind 127.0.0.1:$HA
  default_backend services
backend services
  balance roundrobin
  option httpchk GET /q/health/ready
  http-check expect status 200
  default-server check inter 5s fall 3 rise 1
  http-response set-header x-cluster-server %[srv_name]
EOF
  for i in $(seq 1 "$INSTANCES"); do echo "  server s$i 127.0.0.1:${SERVICE_PORT[$(( i - 1 ))]}"; done
} > "$WORK/haproxy.cfg"
haproxy -db -f "$WORK/haproxy.cfg" > "$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
export HAPROXY_SOCKET=$WORK/haproxy.sock
for _ in $(seq 1 100); do curl -sf -m 2 "$BASE/q/health/ready" > /dev/null && break; sleep 0.2; done
curl -sf -m 2 "$BASE/q/health/ready" > /dev/null || { echo "HAProxy does not answer" >&2; cat "$WORK/haproxy.log" >&2; exit 1; }

# ------------------------------------------------------------------------------------------------ clients
python3 "$HERE/rehearsal.py" receive "$RECEIVER" "$WORK" > "$WORK/receiver.log" 2>&1 &
RECEIVER_PID=$!
ADMIN_KEY=$ADMIN python3 "$HERE/rehearsal.py" setup "$BASE" "$WORK" "$RECEIVER"
$HELPER tokens "$BASE" < "$WORK/scan-numbers.txt" > "$WORK/scan.paths"
note "scanners: $(wc -l < "$WORK/scan.paths") genuine codes, $CONNECTIONS connections; services s1-s$INSTANCES; haproxy :$HA"

checkpoint() { # label: the log's signed checkpoint as served, its size and root
  local code
  code=$(curl -s -m 10 -o "$WORK/checkpoint" -w '%{http_code}' "$BASE/log/checkpoint") || true
  if [ "$code" = 200 ]; then
    note "checkpoint $1: size $(sed -n 2p "$WORK/checkpoint") root $(sed -n 3p "$WORK/checkpoint")"
  else
    note "checkpoint $1: HTTP $code"
  fi
}
monitor() { # label: one run of the project's own log monitor, its state kept from run to run
  local output status=0
  output=$(java -jar "$APP" monitor "$BASE" --state "$WORK/monitor" 2>&1) || status=$?
  note "monitor $1: exit $status: $(echo "$output" | tail -n 3 | tr '\n' ' ')"
}
monitor setup

python3 "$HERE/rehearsal.py" load "$BASE" "$WORK" > "$WORK/load.log" 2>&1 &
LOAD_PID=$!

phase() { # name seconds: a phase with the scanners running all through it
  PHASE_NAME=$1 PHASE_START=$EPOCHREALTIME
  echo "phase $PHASE_START $1" >> "$WORK/timeline"
  PATHS="$WORK/scan.paths" wrk -t2 -c"$CONNECTIONS" -d"$2s" --timeout 10s -s "$HERE/scan.lua" "$BASE" \
    > "$WORK/wrk-$1.txt" 2>&1 &
  WRK_PID=$!
}
end_phase() {
  wait "$WRK_PID" || true
  WRK_PID=
  echo "end $EPOCHREALTIME" >> "$WORK/timeline"
}
leader() { # which instance holds the webhook dispatch lock: its session's client port, then the process owning it
  local port
  port=$(psql_on "$1" -c "select client_port from pg_stat_activity where application_name = 'cert-registry webhook dispatcher'" 2> /dev/null | head -n 1)
  for i in "${!SERVICE_PID[@]}"; do
    ss -tnpH "sport = :$port" 2> /dev/null | grep -q "pid=${SERVICE_PID[$i]}," && { echo "s$i"; return; }
  done
  echo "none"
}

# ------------------------------------------------------------------------------------------------ the phases
phase steady "$PHASE"
end_phase

phase kill "$PHASE"
at $(( PHASE * 15 / 100 ))
event "webhook dispatcher on $(leader pg-a)"
kill -9 "${SERVICE_PID[1]}"; event "kill -9 s1"
wait "${SERVICE_PID[1]}" 2> /dev/null || true
at $(( PHASE * 45 / 100 ))
start_service 1; event "s1 started"
if ready 1 120; then event "s1 ready"; else event "s1 not ready within 120 s"; fi
event "webhook dispatcher on $(leader pg-a)"
end_phase

phase standby "$PHASE"
at $(( PHASE * 15 / 100 ))
pg pg-b -m fast stop > /dev/null; event "standby pg-b stopped (fast)"
at $(( PHASE * 65 / 100 ))
pg pg-b start > /dev/null; event "standby pg-b started"
if streaming pg-b pg-a; then event "pg-b streaming, sync"; else event "pg-b not streaming within 60 s"; fi
end_phase

checkpoint "before failover"
monitor "before failover"
FAIL=$(( PHASE * 3 / 2 ))
phase failover "$FAIL"
at $(( FAIL * 10 / 100 ))
pg pg-a -m immediate stop > /dev/null; event "primary pg-a stopped (immediate)"
sleep 3
pg pg-b -w promote > /dev/null; event "pg-b promoted"
at $(( FAIL * 45 / 100 ))
# the former primary rejoins as the new one's standby, as the operator does with the pod that comes back. pg_rewind reads
# the source's timeline from its control file, which a promotion updates only at the end-of-recovery checkpoint: without
# this one it finds "the same timeline", rewinds nothing, and the old primary can never follow the new timeline.
psql_on pg-b -c checkpoint
if as_postgres "$pg_bin/pg_rewind" -D "$WORK/pg-a" --source-server="host=$WORK port=$PG_B user=postgres dbname=postgres" \
    > "$WORK/pg_rewind.log" 2>&1; then
  event "pg-a rewound"
else
  rm -rf "$WORK/pg-a"
  as_postgres "$pg_bin/pg_basebackup" -h "$WORK" -p "$PG_B" -U postgres -D "$WORK/pg-a" -X stream -c fast
  event "pg-a cloned again (pg_rewind failed)"
fi
node_conf pg-a pg-b
touch "$WORK/pg-a/standby.signal"; chown postgres: "$WORK/pg-a/standby.signal"
pg pg-a start > /dev/null; event "pg-a started as standby"
if streaming pg-a pg-b; then event "pg-a streaming, sync"; else event "pg-a not streaming within 60 s"; fi
end_phase
note "after failover: pg-a in recovery $(psql_on pg-a -c 'select pg_is_in_recovery()'), pg-b in recovery $(psql_on pg-b -c 'select pg_is_in_recovery()')"
checkpoint "after failover"
monitor "after failover"

phase after "$PHASE"
end_phase

touch "$WORK/stop"
for _ in $(seq 1 400); do kill -0 "$LOAD_PID" 2> /dev/null || break; sleep 0.25; done
kill "$LOAD_PID" 2> /dev/null || true
wait "$LOAD_PID" 2> /dev/null || true
LOAD_PID=
checkpoint "end"
monitor "end"
for i in "${!SERVICE_PID[@]}"; do
  port=${SERVICE_PORT[$(( i - 1 ))]}
  code=$(curl -s -m 8 -o /dev/null -w '%{http_code}' "127.0.0.1:$port/q/health/ready") || true
  note "s$i at the end: ready $code; log $(grep -c ' ERROR ' "$WORK/s$i.log") ERROR lines, $(grep -c ' WARN ' "$WORK/s$i.log") WARN lines;" \
    "pools $(curl -s -m 8 "127.0.0.1:$port/q/metrics" | grep -E '^agroal_(active|available|awaiting)_count' \
      | sed -E 's/^agroal_([a-z]+)_count\{datasource="([^"]*)".* ([0-9.]+)$/\2 \1 \3/; s/\.0$//' | sort | tr '\n' ' ')"
  # what holds a service that stays unready, for whoever reads the logs
  [ "$code" = 200 ] || jcmd "${SERVICE_PID[$i]}" Thread.print > "$WORK/s$i-threads.log" 2>&1 || true
done
for node in pg-a pg-b; do
  note "$node sessions at the end: $(psql_on $node -c "select string_agg(n || ' ' || k, ', ') from (select count(*) n,
    coalesce(usename, backend_type) || ' ' || coalesce(state, '') || coalesce(' ' || wait_event, '') k from pg_stat_activity
    where backend_type in ('client backend', 'walsender') group by 2 order by 1 desc) s" 2> /dev/null)"
done

mkdir -p target/bench
status=0
python3 "$HERE/rehearsal.py" report "$BASE" "$WORK" | tee target/bench/cluster.txt || status=$?
exit $status
