#!/usr/bin/env bash
# Measures offline verification against a running service: the signed status snapshot (its facts, and
# its file's size gzip and inflated), and the time the offline verifier page (/verify-offline) takes
# in headless Chromium (bench/OfflineVerify.java) to verify a certificate's code against it, after
# loading keys and snapshot.
#   URL=http://localhost:8080 NUMBER=<a certificate number> bench/offline.sh
set -euo pipefail
URL=${URL:-http://localhost:8080}
NUMBER=${NUMBER:?the number of a certificate to verify}
RUNS=${RUNS:-5}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

note=$(curl -sf "$URL/status/snapshot")
echo "$note" | sed -n '/^taken /,/^sha256 /p'
sha=$(echo "$note" | sed -n 's/^sha256 //p')
curl -sf "$URL/status/snapshot/$sha.gz" -o "$WORK/snapshot.gz"
echo "file: $(stat -c %s "$WORK/snapshot.gz") bytes gzip, $(gzip -dc "$WORK/snapshot.gz" | wc -c) bytes inflated"

# the code as a phone reads it: the QR's URL, from the rendered symbol
curl -sf "$URL/api/v1/certificates/$NUMBER/qr.png?size=400" -o "$WORK/qr.png"
code=$(zbarimg -q --raw "$WORK/qr.png")
[ -f target/cp.txt ] || ./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile=target/cp.txt > /dev/null
java -cp "$(cat target/cp.txt)" bench/OfflineVerify.java "$URL/verify-offline" "$code" "$RUNS"
