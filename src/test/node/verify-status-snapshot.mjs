// An independent check of a status snapshot, written from docs/status-snapshot.md alone with Node's
// built-in crypto and zlib: node verify-status-snapshot.mjs <note file> <snapshot file> <verifier key> <index>...
// Prints JSON: the note's facts and, for each index, its status and since when (ISSUER_NOT_APPROVED for one the file lists
// as issued outside an approval); exits 1 on any failure.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

function fail(reason) {
  console.log(JSON.stringify({ verified: false, reason }));
  process.exit(1);
}

const [noteFile, snapshotFile, verifierKey, ...indexes] = process.argv.slice(2);
const note = readFileSync(noteFile, 'utf8');
const file = readFileSync(snapshotFile);

// the verifier key: <name>+<hex key ID>+<base64(0x01 ‖ public key)>
const [name, keyIdHex, keyBase64] = verifierKey.split('+');
const keyBytes = Buffer.from(keyBase64, 'base64');
if (keyBytes.length !== 33 || keyBytes[0] !== 0x01) fail('not an Ed25519 verifier key');
const publicKeyRaw = keyBytes.subarray(1);
const expectedKeyId = createHash('sha256').update(Buffer.concat([Buffer.from(name + '\n'), Buffer.from([0x01]), publicKeyRaw]))
  .digest().subarray(0, 4);
if (expectedKeyId.toString('hex') !== keyIdHex) fail('the verifier key\'s ID does not match its key');

// the note: text ending in a newline, a blank line, then signature lines "— <name> <base64(key ID ‖ signature)>"
const split = note.indexOf('\n\n');
if (split < 0) fail('no blank line');
const text = note.substring(0, split + 1);
const signatureLines = note.substring(split + 2).split('\n').filter(line => line.length > 0);
const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKeyRaw]);
const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
const signed = signatureLines.some(line => {
  const prefix = '\u2014 ' + name + ' ';
  if (!line.startsWith(prefix)) return false;
  const decoded = Buffer.from(line.substring(prefix.length), 'base64');
  return decoded.length === 68 && decoded.subarray(0, 4).equals(expectedKeyId)
    && verify(null, Buffer.from(text, 'utf8'), publicKey, decoded.subarray(4));
});
if (!signed) fail('no valid signature by ' + name);

const lines = text.split('\n');
if (lines[0] !== name) fail('the first line is not the key\'s name');
const facts = {};
for (const line of lines.slice(1, -1)) {
  const space = line.indexOf(' ');
  facts[line.substring(0, space)] = line.substring(space + 1);
}
if (createHash('sha256').update(file).digest('hex') !== facts.sha256) fail('the file is not the one the note signs');

const entries = Number(facts.entries);
const notInForce = Number(facts['not-in-force']);
const notApproved = Number(facts['not-approved']);
if (![entries, notInForce, notApproved].every(Number.isSafeInteger)) fail('entries, not-in-force or not-approved is not a number');
const raw = gunzipSync(file);
const bitBytes = Math.ceil(entries / 4);
const notApprovedAt = bitBytes + 2 * notInForce;
if (raw.length !== notApprovedAt + 4 * notApproved) {
  fail('the file\'s length does not match entries, not-in-force and not-approved');
}
const CODES = ['IN_FORCE', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED'];
const code = index => (raw[Math.floor(index / 4)] >> (6 - 2 * (index % 4))) & 3;
let set = 0;
for (let index = 0; index < entries; index++) if (code(index) !== 0) set++;
if (set !== notInForce) fail('the bits set are not as many as not-in-force');
const notApprovedIndex = i => raw.readUInt32BE(notApprovedAt + 4 * i);
for (let i = 0; i < notApproved; i++) {
  if (notApprovedIndex(i) >= entries || (i > 0 && notApprovedIndex(i) <= notApprovedIndex(i - 1))) {
    fail('the not-approved indexes are not increasing below entries');
  }
}
const listedNotApproved = index => {
  let low = 0, high = notApproved - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = notApprovedIndex(middle);
    if (found === index) return true;
    if (found < index) low = middle + 1; else high = middle - 1;
  }
  return false;
};

const lookups = {};
for (const text of indexes) {
  const index = Number(text);
  if (index >= entries) { lookups[text] = { status: 'BEYOND_SNAPSHOT' }; continue; }
  // issued outside an approval: that verdict goes before whatever its bits say
  if (listedNotApproved(index)) { lookups[text] = { status: 'ISSUER_NOT_APPROVED' }; continue; }
  const c = code(index);
  if (c === 0) { lookups[text] = { status: 'IN_FORCE' }; continue; }
  let rank = 0;
  for (let before = 0; before < index; before++) if (code(before) !== 0) rank++;
  const day = raw.readUInt16BE(bitBytes + 2 * rank);
  lookups[text] = { status: CODES[c], since: new Date(day * 86400000).toISOString().substring(0, 10) };
}
console.log(JSON.stringify({ verified: true, facts, lookups }));
