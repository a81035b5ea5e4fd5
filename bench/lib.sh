# Shared by the benchmark scripts (bench/run.sh, bench/abuse.sh); source it after setting PORT,
# DURATION and CONNECTIONS. It packages the service if needed, loads N certificates once into the
# embedded PostgreSQL in target/bench/data, starts the packaged service in the bench profile, writes
# the wrk scripts from a sample of real numbers and tokens, and measures a scenario with wrk.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=target/bench
DATA=${BENCH_DATA_DIR:-$OUT/data}
mkdir -p "$OUT/scripts"
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
# the bench build: the production one has no /bench endpoints (BenchmarkResource is built in the bench profile only)
APP=target/bench-app/quarkus-run.jar
[ -f "$APP" ] || ./mvnw -q -B package -DskipTests -Dquarkus.profile=bench -Dquarkus.package.output-directory=bench-app

PID=
stop() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true; PID=; }
trap stop EXIT
start() { # $1: log file; extra environment comes from the caller
  MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} REGISTRY_DATA_DIR=$DATA QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=$PORT java ${JAVA_OPTS:--Xmx256m} -Dquarkus.profile=bench -jar "$APP" > "$1" 2>&1 &
  PID=$!
  for _ in $(seq 1 3600); do
    curl -sf "127.0.0.1:$PORT/api/v1/schemes" > /dev/null && return 0
    kill -0 "$PID" 2>/dev/null || { tail -20 "$1"; exit 1; }
    sleep 0.5
  done
  echo "the service did not start" >&2; exit 1
}

load() { # $1: how many certificates; loaded once, kept in $DATA for the next run of the same size
  local n=$1
  if [ ! -f "$DATA/.loaded-$n" ]; then
    rm -rf "$DATA"; mkdir -p "$DATA"
    echo "Loading $n certificates (once; kept in $DATA)…"
    REGISTRY_DEMO_DATA=true REGISTRY_DEMO_DATA_SIZE=$n start "$OUT/load.log"
    grep -o 'Loaded [0-9]* demo certificates in [0-9]* ms' "$OUT/load.log"
    stop
    touch "$DATA/.loaded-$n"
  fi
}

scripts() { # the paths wrk requests, from 2 000 random certificates of the running service, and its Lua scripts
  curl -sf "127.0.0.1:$PORT/bench/sample?count=2000" > "$OUT/sample.json"
  python3 - "$OUT" "$PORT" <<'PY'
import json, random, sys, urllib.parse, urllib.request
out, port = sys.argv[1], sys.argv[2]
sample = json.load(open(out + "/sample.json"))
def lines(name, items):
    open(out + "/scripts/" + name, "w").write("\n".join(items) + "\n")
lines("token.paths", ["/v/" + t for t in sample["tokens"]])
# one popular code: a crowd scanning the code on one product
lines("tokenone.paths", ["/v/" + sample["tokens"][0]])
lines("page.paths", ["/certificates/" + n for n in sample["numbers"]])
lines("checkpoint.paths", ["/log/checkpoint"])
# the static baseline answers as many bytes as a verification does
answer = urllib.request.urlopen(urllib.request.Request("http://127.0.0.1:%s/v/%s" % (port, sample["tokens"][0]),
                                                       headers={"Accept": "application/json"})).read()
lines("static.paths", ["/bench/static?bytes=%d" % len(answer)])
# the first two characters a person types, and the commonest in the register
lines("common2.paths", ["/api/v1/certificates?q=" + urllib.parse.quote(q) for q in ["有限", "公司", "科技", "广州", "北京"]])
lines("number.paths", ["/api/v1/certificates/" + n for n in sample["numbers"]])
lines("qr.paths", ["/api/v1/certificates/" + n + "/qr.png?size=256" for n in sample["numbers"]])
lines("baseline.paths", ["/bench/baseline/%d" % i for i in sample["ids"]])
lines("city1.paths", ["/api/v1/certificates?region=4401&scheme=AFTER_SALES&status=VALID"])
# page 50 as a person walking there gets it: with the keyset cursor after page 49 (from walking pages 1 to 49)
walk = "/api/v1/certificates?region=44&scheme=AFTER_SALES&status=VALID"
# (a smaller register has fewer pages: then the last page there is, and the summary says which)
cursor, reached = None, 1
for _ in range(49):
    page = json.load(urllib.request.urlopen("http://127.0.0.1:%s%s%s" % (port, walk, "" if cursor is None
                                            else "&after=" + urllib.parse.quote(cursor, safe=""))))
    if page["after"] is None:
        break
    cursor, reached = page["after"], reached + 1
open(out + "/scripts/city50.page", "w").write(str(reached))
lines("city50.paths", [walk + ("" if cursor is None else "&after=" + urllib.parse.quote(cursor, safe=""))])
lines("city50offset.paths", [walk + "&page=%d" % reached])
lines("name2.paths", ["/api/v1/certificates?q=%E7%91%9E%E4%B8%B0"])               # 瑞丰
lines("name4.paths", ["/api/v1/certificates?q=%E7%91%9E%E4%B8%B0%E7%94%B5%E5%99%A8"]) # 瑞丰电器
numbers = (sample["numbers"] * 2)[:1000]
json.dump({"items": [{"number": n} for n in numbers]}, open(out + "/scripts/verify.json", "w"))
PY
  cat > "$OUT/scripts/paths.lua" <<'LUA'
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local accept = os.getenv("ACCEPT") or "application/json"
request = function()
  return wrk.format("GET", paths[math.random(#paths)], {["Accept"] = accept})
end
LUA
  # wrk --latency prints p50, p75, p90 and p99; the harness reports p95 too, and the answers by status
  cat > "$OUT/scripts/p95.lua" <<'LUA'
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args) statuses = {} end
response = function(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
done = function(summary, latency, requests)
  io.write(string.format("p95 %.2fms\n", latency:percentile(95) / 1000))
  local server, refused = 0, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      if status >= 500 then server = server + count elseif status >= 400 then refused = refused + count end
    end
  end
  io.write(string.format("answers 5xx %d 4xx %d\n", server, refused))
end
LUA
  cat "$OUT/scripts/p95.lua" >> "$OUT/scripts/paths.lua"
  cat > "$OUT/scripts/verify.lua" <<'LUA'
wrk.method = "POST"
wrk.path = "/api/v1/verify"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
local file = io.open(os.getenv("BODY"))
wrk.body = file:read("*a")
file:close()
LUA
  cat "$OUT/scripts/p95.lua" >> "$OUT/scripts/verify.lua"
}

warm() { # $1: paths file (in $OUT/scripts); JIT and database cache, so that no scenario pays for running first
  PATHS="$OUT/scripts/$1" wrk -t2 -c4 -d3s -s "$OUT/scripts/paths.lua" "http://127.0.0.1:$PORT" > /dev/null 2>&1 || true
}

RSS_MAX=0
PROFILE=${PROFILE:-1}
mkdir -p "$OUT/profiles"
run() { # name paths-file connections script [accept] → "name req/s p50 p95 p99 5xx 4xx errors"; wrk's output stays in
  # $OUT/wrk-name.txt, and with PROFILE=1 a JFR recording of the measured part in $OUT/profiles/name.jfr. A request may
  # take 10 s before wrk counts it as timed out (at 256 connections a queue of a second is an answer, not an error).
  local name=$1 paths=$2 connections=$3 script=$4
  export ACCEPT=${5:-application/json}
  local threads=$(( connections < 2 ? connections : 2 ))
  PATHS="$OUT/scripts/$paths" BODY="$OUT/scripts/verify.json" wrk -t"$threads" -c"$connections" -d5s --timeout 10s -s "$OUT/scripts/$script" \
    "http://127.0.0.1:$PORT" > /dev/null 2>&1 || true   # warm-up
  if [ "$PROFILE" = 1 ]; then jcmd "$PID" JFR.start name=bench settings=profile > /dev/null 2>&1 || true; fi
  PATHS="$OUT/scripts/$paths" BODY="$OUT/scripts/verify.json" wrk -t"$threads" -c"$connections" -d"$DURATION" --timeout 10s --latency \
    -s "$OUT/scripts/$script" "http://127.0.0.1:$PORT" > "$OUT/wrk-$name.txt" 2>&1 &
  local wrk_pid=$!
  while kill -0 $wrk_pid 2>/dev/null; do
    local rss; rss=$(ps -o rss= -p "$PID" | tr -d ' '); [ "${rss:-0}" -gt "$RSS_MAX" ] && RSS_MAX=$rss; sleep 1
  done
  if [ "$PROFILE" = 1 ]; then
    jcmd "$PID" JFR.dump name=bench filename="$PWD/$OUT/profiles/$name.jfr" > /dev/null 2>&1 || true
    jcmd "$PID" JFR.stop name=bench > /dev/null 2>&1 || true
  fi
  local rps p50 p95 p99 errors server refused
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$name.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk-$name.txt")
  p95=$(awk '$1 == "p95" {print $2}' "$OUT/wrk-$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$name.txt")
  server=$(awk '$1 == "answers" {print $3}' "$OUT/wrk-$name.txt")
  refused=$(awk '$1 == "answers" {print $5}' "$OUT/wrk-$name.txt")
  errors=$(awk '/Socket errors/ {print}' "$OUT/wrk-$name.txt" | tr '\n' ' ')
  echo "$name $rps $p50 $p95 $p99 ${server:--} ${refused:--} $errors"
}
