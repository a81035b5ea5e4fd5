#!/usr/bin/env bash
# PostgreSQL restart under write load: starts a PostgreSQL server of its own and the packaged service on
# it, registers a certification body, then drives at once: issuing certificates (each with an
# Idempotency-Key, retried with the same key until acknowledged), suspensions and restorations of them,
# and procurement checks and record reads. Meanwhile it kills the server twice: `pg_ctl restart -m
# immediate`, then `pg_ctl stop -m immediate`, an outage of OUTAGE seconds, and a start. Afterwards it
# reads every write that was acknowledged with 2xx back from the register, and prints: acknowledged,
# found, lost (must be 0), the answers during each outage by status, and when /q/health/ready went DOWN
# and came back UP (it must be DOWN while the database is away and UP within 5 s of its return).
# Exits non-zero when a write was lost, any answer was a 500, or readiness missed its bound.
#
#   bench/faults.sh          needs: a JDK, curl, python3, PostgreSQL server binaries (Debian's postgresql;
#                            PG_BIN=<dir> picks others); run as root, the server runs as user postgres
#   PORT (8096), PG_PORT (55440), WRITERS (4), CHANGERS (2), READERS (2), RUN (8 s per phase) and
#   OUTAGE (5 s) adjust a run. FAULT_DB=embedded runs it on the service's own embedded PostgreSQL instead.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8096}
PG_PORT=${PG_PORT:-55440}
MODE=${FAULT_DB:-external}
WORK=$(mktemp -d /tmp/cert-registry-faults.XXXXXX)
ADMIN=fault-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
BASE=http://127.0.0.1:$PORT
PID=
pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -n 1)}

as_postgres() { if [ "$(id -u)" = 0 ]; then (cd "$WORK" && runuser -u postgres -- "$@"); else "$@"; fi; }
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true; fi
  cp "$WORK/service.log" target/bench/faults-service.log 2> /dev/null || true
  if [ "$MODE" = external ] && [ -f "$WORK/pg/PG_VERSION" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$WORK/pg" -m immediate stop > /dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
mkdir -p target/bench

service_env=(REGISTRY_OPEN_DATA_SCHEDULE=false REGISTRY_BOOTSTRAP_ADMIN_KEY="$ADMIN" REGISTRY_DEMO_DATA=false QUARKUS_HTTP_PORT="$PORT"
  REGISTRY_SIGNING_KEY_DIR="$WORK/keys" REGISTRY_SIGNING_GENERATE_KEY=true)
if [ "$MODE" = external ]; then
  [ -x "$pg_bin/initdb" ] || { echo "no PostgreSQL server binaries: apt-get install postgresql, or set PG_BIN" >&2; exit 1; }
  [ "$(id -u)" != 0 ] || chown postgres: "$WORK"
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  as_postgres "$pg_bin/initdb" -D "$WORK/pg" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust \
    --auth-host=scram-sha-256 > /dev/null
  as_postgres "$pg_bin/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w \
    -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1" start > /dev/null
  as_postgres "$pg_bin/psql" -h "$WORK" -p "$PG_PORT" -U postgres -q -v ON_ERROR_STOP=1 \
    -c "create role registry login password '$password'" -c "create database registry owner registry"
  service_env+=(QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/registry"
    QUARKUS_DATASOURCE_USERNAME=registry QUARKUS_DATASOURCE_PASSWORD="$password")
  pg_ctl() { as_postgres "$pg_bin/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" "$@"; }
else
  service_env+=(REGISTRY_DATA_DIR="$WORK/data")
  # the service runs its embedded server as an unprivileged user of a new user namespace when it is root;
  # pg_ctl restart starts it again with the options it was started with (postmaster.opts)
  pg_ctl() {
    local postgres; postgres=$(head -c 4096 "$WORK/data/postgres/postmaster.opts" | sed -e 's/^\([^ ]*\).*/\1/' -e 's/"//g')
    if [ "$(id -u)" = 0 ]; then unshare -U "$(dirname "$postgres")/pg_ctl" -D "$WORK/data/postgres" "$@"
    else "$(dirname "$postgres")/pg_ctl" -D "$WORK/data/postgres" "$@"; fi
  }
fi

env "${service_env[@]}" java -Xmx256m -jar target/quarkus-app/quarkus-run.jar > "$WORK/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do
  curl -sf "$BASE/q/health/ready" > /dev/null && break
  kill -0 $PID 2> /dev/null || { tail -30 "$WORK/service.log"; exit 1; }
  sleep 0.5
done
curl -sf "$BASE/q/health/ready" > /dev/null || { echo "the service did not become ready" >&2; tail -30 "$WORK/service.log"; exit 1; }

admin() { curl -sf -X POST "$BASE/api/v1/admin/$1" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$2"; }
admin bodies '{"code":"FAULTS","name":"故障演练认证有限公司","approvalNumber":"CNCA-R-2099-FAULT","numberPrefixes":["FAULT-"]}' > /dev/null
KEY=$(admin bodies/FAULTS/keys '{"label":"faults"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')

export -f pg_ctl as_postgres
export WORK pg_bin MODE
status=0
python3 bench/faults.py "$BASE" "$KEY" "$MODE" | tee target/bench/faults.txt || status=$?
if grep -q 'ERROR' "$WORK/service.log"; then
  echo "service log errors (first 5):"; grep 'ERROR' "$WORK/service.log" | head -5 | cut -c1-300
fi
exit $status
