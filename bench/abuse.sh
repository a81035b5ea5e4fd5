#!/usr/bin/env bash
# The abuse run: measures token verification (/v/{token}, wrk, as bench/run.sh does) alone, then again
# while abusive clients work the same service: slow downloads of a big region's CSV and XLSX export
# (each held open by a client reading a few KB/s), 1 000-line procurement pastes and 1 000-item batch
# verifications in a loop, uploads over every cap (lines, items, an XLSX padded to inflate, a body over
# the server's max body size) and the deepest pages of searches and region lists, allowed and not.
# Prints req/s and p99 of both runs with their ratio (at least 0.5 expected), wrk's non-2xx count and
# every abuse kind's answers counted by status and form (no 5xx expected); also into
# target/bench/abuse.txt. Loopback only; some two minutes once the certificates are loaded.
#
#   bench/abuse.sh [certificates]      needs: a JDK, wrk, curl, python3; shares bench/run.sh's data
#   DURATION (20s), CONNECTIONS (16), PORT (8096), REGION (44), RATE (4k, each download's speed),
#   DOWNLOADS (25), KINDS (the abusers to run: exports pastes verifications uploads pages) and JAVA_OPTS
#   (-Xmx256m) adjust a run.
N=${1:-1000000}
PORT=${PORT:-8096}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
REGION=${REGION:-44}
RATE=${RATE:-4k}
DOWNLOADS=${DOWNLOADS:-25}
KINDS=${KINDS:-exports pastes verifications uploads pages}
PROFILE=${PROFILE:-0}
source "$(dirname "$0")/lib.sh"
BASE=http://127.0.0.1:$PORT
ABUSE=$OUT/abuse
rm -rf "$ABUSE"; mkdir -p "$ABUSE/log"
began=$(date +%s)

load "$N"
start "$OUT/service.log"
scripts

# the bodies: at the caps and just over them, from the sample's real numbers
python3 - "$OUT" "$ABUSE" <<'PY'
import io, json, sys, urllib.parse, zipfile
out, abuse = sys.argv[1], sys.argv[2]
numbers = json.load(open(out + "/sample.json"))["numbers"]
def listing(count):
    return "".join(numbers[i % len(numbers)] + "\n" for i in range(count))
def write(name, data):
    open(abuse + "/" + name, "wb").write(data if isinstance(data, bytes) else data.encode())
for count in (1000, 1001):
    write("paste-%d.form" % count, "list=" + urllib.parse.quote(listing(count)) + "&bidDate=")
    write("verify-%d.json" % count, json.dumps({"items": [{"number": numbers[i % len(numbers)]} for i in range(count)]}))
write("list-1001.csv", "number\n" + listing(1001))

def xlsx(name, rows, padding=0):
    """A minimal workbook of one sheet; padding puts that many MB of spaces inside its sheet data."""
    sheet_rows = "".join('<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (i + 1, i + 1, n)
                         for i, n in enumerate(rows))
    with zipfile.ZipFile(abuse + "/" + name, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            spaces = b" " * (1 << 20)
            for _ in range(padding):
                sheet.write(spaces)
            sheet.write(sheet_rows.encode() + b"</sheetData></worksheet>")
xlsx("list-1001.xlsx", [numbers[i % len(numbers)] for i in range(1001)])
xlsx("padded.xlsx", numbers[:1], padding=200)   # 200 MB of sheet in some 200 KB
# over the 32 MB max body size: a JSON batch of spaces, and a CSV upload
with open(abuse + "/huge.json", "wb") as f:
    f.write(b'{"items":[')
    f.write(b" " * (33 << 20))
    f.write(b"]}")
with open(abuse + "/huge.csv", "wb") as f:
    line = (numbers[0] + "\n").encode()
    f.write(line * ((33 << 20) // len(line) + 1))
PY

# One answer of an abuse kind, logged as "kind label status form": a problem document, an error page
# (the web's pages show the problem as HTML), bare (no body type) or the content type of a success;
# "cut" where the client's own --max-time ended it (a held download at the end), 000 where nothing came.
LAST=
hit() { # kind label curl-arguments…
  local kind=$1 label=$2; shift 2
  local answer code type exit=0
  answer=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' --max-time 60 "$@") || exit=$?
  code=${answer%% *}; type=${answer#* }; type=${type%%;*}
  case "$type" in
    application/problem+json) type=problem ;;
    text/html) [ "${code:-0}" -ge 400 ] && type=error-page ;;
    ""|"$code") type=bare ;;
  esac
  [ "$exit" = 28 ] && type=$type,cut
  LAST=${code:-000}
  echo "$kind $label $LAST $type" >> "$ABUSE/log/$kind.$BASHPID"
}
deadline=0
remaining() { local left=$(( deadline - $(date +%s) )); echo $(( left < 1 ? 1 : left )); }
looping() { [ "$(date +%s)" -lt "$deadline" ]; }

downloader() { # $1: csv or xlsx; held open at $RATE until the end, or refused: then again after Retry-After
  while looping; do
    hit export "$1" --limit-rate "$RATE" --max-time "$(remaining)" "$BASE/regions/$REGION/export.$1"
    [ "$LAST" = 429 ] && sleep 5
  done
}
paster() {
  while looping; do
    hit paste 1000-lines -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$ABUSE/paste-1000.form" "$BASE/procurement"
  done
}
verifier() {
  while looping; do
    hit verify 1000-items -H 'Content-Type: application/json' --data-binary "@$ABUSE/verify-1000.json" "$BASE/api/v1/verify"
  done
}
uploader() { # every cap, one after the other
  while looping; do
    hit oversize paste-1001-lines -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "@$ABUSE/paste-1001.form" "$BASE/procurement"
    hit oversize csv-1001-lines -F "file=@$ABUSE/list-1001.csv;type=text/csv" -F list= "$BASE/procurement"
    hit oversize xlsx-1001-rows -F "file=@$ABUSE/list-1001.xlsx" -F list= "$BASE/procurement"
    hit oversize xlsx-padded-200MB -F "file=@$ABUSE/padded.xlsx" -F list= "$BASE/procurement"
    hit oversize json-1001-items -H 'Content-Type: application/json' --data-binary "@$ABUSE/verify-1001.json" "$BASE/api/v1/verify"
    hit oversize json-33MB -H 'Content-Type: application/json' --data-binary "@$ABUSE/huge.json" "$BASE/api/v1/verify"
    hit oversize json-33MB-chunked -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
      --data-binary "@$ABUSE/huge.json" "$BASE/api/v1/verify"
    hit oversize csv-33MB -F "file=@$ABUSE/huge.csv;type=text/csv" -F list= "$BASE/procurement"
  done
}
pager() { # the deepest page allowed (page × size = 10 000) and the first one beyond, of searches and of a region's list
  local q=%E7%91%9E%E4%B8%B0   # 瑞丰
  while looping; do
    hit deep search-p100x100 "$BASE/api/v1/certificates?region=$REGION&page=100&size=100"
    hit deep search-p101x100 "$BASE/api/v1/certificates?region=$REGION&page=101&size=100"
    hit deep search-p10001 "$BASE/api/v1/certificates?region=$REGION&page=10001"
    hit deep name-p100x100 "$BASE/api/v1/certificates?q=$q&page=100&size=100"
    hit deep web-search-p500 -H 'Accept: text/html' "$BASE/?q=$q&page=500"
    hit deep web-search-p501 -H 'Accept: text/html' "$BASE/?q=$q&page=501"
    hit deep region-p500 -H 'Accept: text/html' "$BASE/regions/$REGION?page=500"
    hit deep region-p501 -H 'Accept: text/html' "$BASE/regions/$REGION?page=501"
  done
}

seconds=${DURATION%s}
warm token.paths
UNLOADED=$(run token token.paths "$CONNECTIONS" paths.lua)

# the abuse starts with the loaded run's 5 s warm-up and ends with its measurement
deadline=$(( $(date +%s) + 5 + seconds + 2 ))
ABUSERS=()
for kind in $KINDS; do
  case $kind in
    exports) for i in $(seq 1 "$DOWNLOADS"); do
        downloader "$([ $((i % 2)) = 1 ] && echo csv || echo xlsx)" & ABUSERS+=($!)
      done ;;
    pastes) paster & ABUSERS+=($!) ;;
    verifications) verifier & ABUSERS+=($!) ;;
    uploads) uploader & ABUSERS+=($!) ;;
    pages) pager & ABUSERS+=($!) ;;
    *) echo "unknown abuse kind: $kind" >&2; exit 1 ;;
  esac
done
LOADED=$(run token-under-abuse token.paths "$CONNECTIONS" paths.lua)
# the last requests of a loop may still be answered: each ends within its own --max-time
for abuser in "${ABUSERS[@]}"; do wait "$abuser" 2>/dev/null || true; done
ended=$(date +%s)
ERRORS=$(grep -c ' ERROR ' "$OUT/service.log" || true)

cat "$ABUSE"/log/* > "$ABUSE/answers.txt" 2>/dev/null || true
RATIO=$(awk -v a="${LOADED#* }" -v b="${UNLOADED#* }" 'BEGIN { split(a, x, " "); split(b, y, " ");
  if (y[1] > 0) printf "%.2f", x[1] / y[1]; else print 0 }')
FAILED=$(awk '$3 >= 500 || ($3 == "000" && $4 !~ /cut/)' "$ABUSE/answers.txt" | wc -l)
{
  echo "cert-registry abuse run — $N certificates, $(nproc) cores, service, wrk and abusers on one machine, $(date -u +%F)"
  printf '%-20s %10s %10s %10s %8s  %s\n' "token verification" req/s p50 p99 non-2xx "socket errors"
  for line in "$UNLOADED" "$LOADED"; do
    read -r name rps p50 p95 p99 rest <<< "$line"
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$OUT/wrk-$name.txt"); sockets=$(awk -F': ' '/Socket errors/ {print $2}' "$OUT/wrk-$name.txt")
    printf '%-20s %10s %10s %10s %8s  %s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}" "${sockets:-none}"
  done
  echo "ratio under abuse: $RATIO (at least 0.50 expected)"
  echo "abuse answers (kind, request, status, form: problem document, error page, bare, or the content type):"
  awk '{ print $1, $2, $3, $4 }' "$ABUSE/answers.txt" | sort | uniq -c | awk '{ printf "  %-9s %-20s %s %-12s ×%d\n", $2, $3, $4, $5, $1 }'
  echo "5xx, or no answer within 60 s: $FAILED; ERROR lines in the service log: $ERRORS"
  echo "$DOWNLOADS downloads at $RATE/s of /regions/$REGION/export.{csv,xlsx}, held open until the end (curl --max-time);" \
    "$((ended - began)) s in all"
} | tee "$OUT/abuse.txt"
awk -v r="$RATIO" 'BEGIN { exit !(r >= 0.5) }' && [ "$FAILED" = 0 ]
