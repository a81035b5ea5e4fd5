#!/usr/bin/env bash
# Measures the CSV import (POST /api/v1/certificates:import): starts the packaged service on a fresh
# embedded database in a temporary directory, with DEMO certificates loaded by the bulk loader's COPY
# (the first baseline), registers a body, issues SINGLE certificates one request at a time over one
# connection (the second baseline), then imports generated files of 10 000 and 50 000 rows and the
# 50 000 again (all already present). Prints rows/s for each with its ratio to both baselines, also
# into target/bench/import.txt.
#
#   bench/import.sh        needs: a JDK, curl, python3
#   HEAP (default 256m), PORT (8097), DEMO (50000) and SINGLE (500) adjust a run.
set -euo pipefail
cd "$(dirname "$0")/.."
HEAP=${HEAP:-256m}
PORT=${PORT:-8097}
DEMO=${DEMO:-50000}
SINGLE=${SINGLE:-500}
DATA=$(mktemp -d)
ADMIN=bench-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
BASE=http://localhost:$PORT
PID=
stop() { # the service stops its embedded database before it exits: wait for that, then remove the data
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  rm -rf "$DATA"
}
trap stop EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
mkdir -p target/bench
REGISTRY_OPEN_DATA_SCHEDULE=false REGISTRY_DATA_DIR=$DATA/db REGISTRY_DEMO_DATA=true REGISTRY_DEMO_DATA_SIZE=$DEMO REGISTRY_BOOTSTRAP_ADMIN_KEY=$ADMIN \
  QUARKUS_HTTP_PORT=$PORT java -Xmx$HEAP -jar target/quarkus-app/quarkus-run.jar > "$DATA/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 600); do
  curl -sf "$BASE/api/v1/schemes" > /dev/null && break
  kill -0 $PID 2>/dev/null || { tail -20 "$DATA/service.log"; exit 1; }
  sleep 1
done
COPY_LINE=$(grep -o 'Loaded [0-9]* demo certificates in [0-9]* ms' "$DATA/service.log")
COPY_RATE=$(echo "$COPY_LINE" | awk '{printf "%.0f", $2 / ($6 / 1000)}')

admin() { curl -sf -X POST "$BASE/api/v1/admin/$1" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$2"; }
admin bodies '{"code":"BENCHIMP","name":"导入基准认证有限公司","approvalNumber":"CNCA-R-2099-BENCH","numberPrefixes":["BENCHIMP-"]}' > /dev/null
KEY=$(admin bodies/BENCHIMP/keys '{"label":"bench"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')

# generated rows: after-sales certificates of 2 per holder, valid credit codes, 4 districts of 广州
python3 - "$DATA" "$BASE" "$KEY" "$SINGLE" <<'PY'
import datetime, json, os, sys
out, base, key, single = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
DISTRICTS = ["440103", "440104", "440105", "440106"]
issue = datetime.date.today() - datetime.timedelta(days=200)
expiry = issue.replace(year=issue.year + 3) - datetime.timedelta(days=1)

def credit_code(run, holder):
    first17 = "91" + DISTRICTS[holder % 4] + "%d%08d" % (run, holder)
    check = 31 - sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS)) % 31
    return first17 + ALPHABET[0 if check == 31 else check]

def certificate(run, i):
    five = i % 3 == 0
    return {"number": "BENCHIMP-%d-%06d" % (run, i), "scheme": "AFTER_SALES", "grade": "FIVE_STAR" if five else "FOUR_STAR",
            "score": 96 if five else 92, "scoreScale": 100,
            "subScores": {"SERVICE_SYSTEM": 38 if five else 37, "PRODUCT_SERVICE": 34 if five else 33,
                          "CUSTOMER_SERVICE": 24 if five else 22},
            "scope": "家用电器(空调、冰箱、洗衣机)的安装, 维修与\"以旧换新\"服务", "issueDate": issue.isoformat(),
            "expiryDate": expiry.isoformat(), "holderName": "广州基准%d号电器有限公司" % (i // 2),
            "holderCreditCode": credit_code(run, i // 2), "holderRegion": DISTRICTS[(i // 2) % 4],
            "siteRegion": DISTRICTS[i % 4], "siteAddress": "天河路%d号" % i}

def field(value):
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text

for run, rows in [(1, 5000), (2, 10000), (3, 50000)]:
    with open("%s/import-%d.csv" % (out, rows), "w", encoding="utf-8") as csv:
        csv.write("number,scheme,grade,score,scoreScale,subScores,scope,issueDate,expiryDate,holderName,holderCreditCode,"
                  "holderRegion,siteRegion,siteAddress\n")
        for i in range(rows):
            c = certificate(run, i)
            c["subScores"] = ";".join("%s=%s" % e for e in c["subScores"].items())
            csv.write(",".join(field(v) for v in c.values()) + "\n")

os.mkdir(out + "/single")
with open(out + "/single.curl", "w") as config:
    for i in range(single):
        path = "%s/single/%d.json" % (out, i)
        json.dump(certificate(4, i), open(path, "w"), ensure_ascii=False)
        config.write('url = "%s/api/v1/certificates"\nrequest = "POST"\nheader = "Authorization: Bearer %s"\n'
                     'header = "Content-Type: application/json"\ndata-binary = "@%s"\noutput = "/dev/null"\n'
                     'write-out = "%%{http_code}\\n"\n%s' % (base, key, path, "" if i == single - 1 else "next\n"))
PY

rate() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", n / (ms / 1000) }'; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

t=$(date +%s%N)
CREATED=$(curl -s -K "$DATA/single.curl" | grep -c '^201$' || true)
SINGLE_MS=$(ms "$t")
[ "$CREATED" = "$SINGLE" ] || { echo "only $CREATED of $SINGLE single issues were created" >&2; exit 1; }
SINGLE_RATE=$(rate "$SINGLE" "$SINGLE_MS")

import_file() { # file label → a result line
  local t status
  t=$(date +%s%N)
  status=$(curl -s -o "$DATA/report.json" -w '%{http_code}' -X POST "$BASE/api/v1/certificates:import" \
    -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' --data-binary "@$DATA/$1")
  local elapsed; elapsed=$(ms "$t")
  [ "$status" = 200 ] || { echo "$2: HTTP $status $(head -c 300 "$DATA/report.json")" >&2; exit 1; }
  python3 - "$DATA/report.json" "$2" "$elapsed" "$COPY_RATE" "$SINGLE_RATE" <<'PY'
import json, sys
report, label, ms, copy, single = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rate = report["rows"] / (ms / 1000)
print("%-18s %7d %9d %8d %7d %7.1f %9.0f %7.2f %8.1f" % (label, report["rows"], report["imported"],
      report["alreadyPresent"], report["failed"], ms / 1000, rate, rate / copy, rate / single))
PY
}

import_file import-5000.csv warm-up > /dev/null
{
  echo "cert-registry CSV import — $(nproc) cores, -Xmx$HEAP, embedded PostgreSQL holding $DEMO demo certificates, $(date -u +%F)"
  echo "baseline COPY (bulk loader, with histories): $COPY_LINE → $COPY_RATE certificates/s"
  echo "baseline single issue (POST /api/v1/certificates, one connection): $SINGLE in $SINGLE_MS ms → $SINGLE_RATE rows/s"
  printf '%-18s %7s %9s %8s %7s %7s %9s %7s %8s\n' file rows imported present failed s rows/s ×COPY ×single
  import_file import-10000.csv "10 000 rows"
  import_file import-50000.csv "50 000 rows"
  import_file import-50000.csv "50 000 rows again"
} | tee target/bench/import.txt
