#!/usr/bin/env bash
# Fuzzes each @FuzzTest in turn (Jazzer, JAZZER_FUZZ=1) for the given budget and prints per target the
# executions tried, the inputs it added to the generated corpus (.cifuzz-corpus/, not committed) and
# its findings. A finding fails the target, and Jazzer writes its input into the target's inputs
# directory under src/test/resources: fix the bug, keep the input (it is replayed by every ./mvnw verify).
#
#   bench/fuzz.sh [seconds per target, default 60] [Class#method ...]    needs: a JDK
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(Base32FuzzTest#decode Base32FuzzTest#encode CborFuzzTest#decode CborFuzzTest#encodeDecode
    TokensFuzzTest#verify TokensFuzzTest#verifySignedPayload TokensFuzzTest#signThenVerify
    CreditCodeFuzzTest#parse CreditCodeFuzzTest#checkCharacter RegionFuzzTest#resolve
    QueryParametersFuzzTest#parseDate QueryParametersFuzzTest#parameters CsvFuzzTest#records CsvFuzzTest#lineThenRecords
    ProcurementListFuzzTest#upload ProcurementListFuzzTest#pasted CertificateImportFuzzTest#rows WorkbooksFuzzTest#firstSheet
    DocumentReaderFuzzTest#read DocumentReaderFuzzTest#pdf)
fi
OUT=target/fuzz
mkdir -p "$OUT"
./mvnw -B -o -q test-compile || exit 1

count() { find "$1" -type f 2> /dev/null | wc -l; }
printf '%-42s %12s %8s %12s %s\n' target executions "new corpus" findings result | tee "$OUT/summary.txt"
failed=0
for target in "${TARGETS[@]}"; do
  class=${target%%#*}
  method=${target##*#}
  source=$(find src/test/java -name "$class.java" | head -n 1)
  package=$(dirname "${source#src/test/java/}")
  corpus=".cifuzz-corpus/${package//\//.}.$class/$method"
  inputs="src/test/resources/$package/${class}Inputs/$method"
  corpus_before=$(count "$corpus")
  inputs_before=$(count "$inputs")
  log="$OUT/$class-$method.log"
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION=${SECONDS_PER_TARGET}s timeout $((SECONDS_PER_TARGET + 900)) \
    ./mvnw -B -o surefire:test@fuzz -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1
  status=$?
  runs=$(grep -oE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -n 1)
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tr -d '#' | tail -n 1)
  findings=$(( $(count "$inputs") - inputs_before ))
  result=ok
  if [ $status -ne 0 ]; then result="FAILED (see $log)"; failed=1; fi
  printf '%-42s %12s %8s %12s %s\n' "$target" "${runs:-?}" $(( $(count "$corpus") - corpus_before )) "$findings" "$result" \
    | tee -a "$OUT/summary.txt"
done
exit $failed
