// The offline verifier (/verify-offline): checks a code's COSE_Sign1 signature with WebCrypto Ed25519 against
// the JWKS, and its status in the signed status snapshot (and whether its body was approved when it issued it), in the
// browser (docs/token-format.md, docs/status-snapshot.md), whose log checkpoint the log's policy's quorum of witnesses
// cosigned (witnessed.js). The service worker /offline-sw.js keeps this page, the JWKS and the policy; the page keeps the
// snapshot.
'use strict';
(() => {
  const words = JSON.parse(document.getElementById('words').textContent);
  const $ = id => document.getElementById(id);
  const MAX_TOKEN_LENGTH = 1600;
  const SCHEMES = ['AFTER_SALES', 'AFTER_SALES_COMPLETENESS', 'CUSTOMER_SATISFACTION'];
  const CODES = ['IN_FORCE', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED'];
  // the verified snapshot this device keeps (the page writes it, the service worker only reads it when offline)
  const SNAPSHOTS = 'verify-offline-snapshot';
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const state = { keys: new Map(), policy: null, snapshot: null };

  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
  const day = epochDay => new Intl.DateTimeFormat(words.language, { dateStyle: 'long', timeZone: 'UTC' })
    .format(new Date(epochDay * 86400000));
  const time = date => new Intl.DateTimeFormat(words.language, { dateStyle: 'long', timeStyle: 'short', timeZone: words.zone })
    .format(date);

  function base32(text) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const out = new Uint8Array(Math.floor(text.length * 5 / 8));
    let bits = 0, value = 0, at = 0;
    for (const character of text.toUpperCase()) {
      const digit = alphabet.indexOf(character);
      if (digit < 0) throw new Error('not base32');
      value = (value << 5) | digit;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[at++] = (value >> bits) & 0xff;
      }
    }
    if (bits >= 5 || (value & ((1 << bits) - 1)) !== 0) throw new Error('not base32');
    return out;
  }

  // CBOR (RFC 8949), definite lengths only: what a token holds
  function cbor(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    const take = length => {
      if (length > bytes.length - at) throw new Error('truncated');
      const part = bytes.subarray(at, at + length);
      at += length;
      return part;
    };
    const head = () => {
      const first = take(1)[0];
      const info = first & 31;
      let value;
      if (info < 24) value = info;
      else if (info === 24) value = take(1)[0];
      else if (info === 25) { take(2); value = view.getUint16(at - 2); }
      else if (info === 26) { take(4); value = view.getUint32(at - 4); }
      else if (info === 27) {
        take(8);
        const high = view.getUint32(at - 8);
        if (high >= 0x200000) throw new Error('too large');
        value = high * 4294967296 + view.getUint32(at - 4);
      } else throw new Error('indefinite length');
      return [first >> 5, value];
    };
    const item = depth => {
      if (depth > 8) throw new Error('too deep');
      const [major, value] = head();
      switch (major) {
        case 0: return value;
        case 1: return -1 - value;
        case 2: return take(value);
        case 3: return utf8.decode(take(value));
        case 4: {
          if (value > bytes.length) throw new Error('truncated');
          const list = [];
          for (let i = 0; i < value; i++) list.push(item(depth + 1));
          return list;
        }
        case 5: {
          if (value > bytes.length) throw new Error('truncated');
          const map = new Map();
          for (let i = 0; i < value; i++) {
            const key = item(depth + 1);
            if (map.has(key)) throw new Error('duplicate key');
            map.set(key, item(depth + 1));
          }
          return map;
        }
        case 6: return { tag: value, value: item(depth + 1) };
        default: throw new Error('unsupported item');
      }
    };
    const result = item(0);
    if (at !== bytes.length) throw new Error('trailing bytes');
    return result;
  }

  function byteStringHead(length) {
    if (length < 24) return [0x40 | length];
    if (length < 256) return [0x58, length];
    if (length < 65536) return [0x59, length >> 8, length & 0xff];
    return [0x5a, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
  }

  // ["Signature1", protected, h'', payload] (RFC 9052 §4.4)
  function sigStructure(protectedHeader, payload) {
    const parts = [[0x84, 0x6a], new TextEncoder().encode('Signature1'), byteStringHead(protectedHeader.length), protectedHeader,
      [0x40], byteStringHead(payload.length), payload];
    const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) { out.set(part, at); at += part.length; }
    return out;
  }

  const isBytes = value => value instanceof Uint8Array;
  const isUint = value => Number.isInteger(value) && value >= 0;

  async function verifyToken(token) {
    let sign1, header;
    try {
      if (token.length > MAX_TOKEN_LENGTH) throw new Error('too long');
      sign1 = cbor(base32(token));
      if (!sign1 || sign1.tag !== 18 || !Array.isArray(sign1.value) || sign1.value.length !== 4) throw new Error('not COSE_Sign1');
      const [protectedHeader, , payload, signature] = sign1.value;
      if (!isBytes(protectedHeader) || !isBytes(payload) || !isBytes(signature)) throw new Error('not COSE_Sign1');
      header = cbor(protectedHeader);
      if (!(header instanceof Map)) throw new Error('no header');
    } catch (e) {
      return { failure: 'malformed token' };
    }
    const [protectedHeader, , payload, signature] = sign1.value;
    if (header.get(1) !== -8) return { failure: 'unsupported algorithm' };
    const kid = isBytes(header.get(4)) ? new TextDecoder().decode(header.get(4)) : null;
    const key = state.keys.get(kid);
    if (!key) return { failure: 'unknown key' };
    if (key.state === 'revoked') return { failure: 'revoked key' };
    const genuine = signature.length === 64
      && await crypto.subtle.verify({ name: 'Ed25519' }, key.key, signature, sigStructure(protectedHeader, payload));
    if (!genuine) return { failure: 'bad signature' };
    let claims;
    try {
      claims = cbor(payload);
    } catch (e) {
      return { failure: 'malformed token' };
    }
    const text = [1, 2, 4].every(k => claims instanceof Map && typeof claims.get(k) === 'string');
    const numbers = [3, 5, 6, 7].every(k => claims instanceof Map && isUint(claims.get(k)));
    if (!text || !numbers || claims.get(3) < 1 || claims.get(3) > 3
      || (claims.has(8) && typeof claims.get(8) !== 'string') || (claims.has(9) && !isUint(claims.get(9)))) {
      return { failure: 'malformed token' };
    }
    return {
      kid,
      claims: {
        number: claims.get(1), creditCode: claims.get(2), scheme: SCHEMES[claims.get(3) - 1], grade: claims.get(4),
        issueDate: claims.get(5), expiryDate: claims.get(6), issuedAt: claims.get(7), holderName: claims.get(8),
        statusIndex: claims.get(9),
      },
    };
  }

  async function loadKeys() {
    const jwks = await (await fetch('/.well-known/jwks.json', { cache: 'no-cache' })).json();
    const keys = new Map();
    for (const jwk of jwks.keys) {
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') continue;
      const raw = Uint8Array.from(atob(jwk.x.replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0));
      const key = await crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']);
      keys.set(jwk.kid, { key, raw, state: jwk.state });
    }
    state.keys = keys;
    state.policy = await WitnessedCheckpoint.policy(await (await fetch('/log/policy', { cache: 'no-cache' })).text());
  }

  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) { out.set(part, at); at += part.length; }
    return out;
  };
  const hex = bytes => Array.from(new Uint8Array(bytes), b => b.toString(16).padStart(2, '0')).join('');

  // a signed note (C2SP signed-note) by one of the JWKS's keys that is not revoked, under the snapshot's name
  async function openNote(note) {
    const split = note.indexOf('\n\n');
    if (split < 0) throw new Error('no signature');
    const text = note.substring(0, split + 1);
    if (text.split('\n')[0] !== words.snapshotName) throw new Error('not a status snapshot of this register');
    const prefix = '\u2014 ' + words.snapshotName + ' ';
    for (const line of note.substring(split + 2).split('\n')) {
      if (!line.startsWith(prefix)) continue;
      const signed = Uint8Array.from(atob(line.substring(prefix.length)), c => c.charCodeAt(0));
      if (signed.length !== 68) continue;
      for (const key of state.keys.values()) {
        if (key.state === 'revoked') continue;
        const id = new Uint8Array(await crypto.subtle.digest('SHA-256',
          concat(new TextEncoder().encode(words.snapshotName + '\n'), [0x01], key.raw))).subarray(0, 4);
        if (hex(id) === hex(signed.subarray(0, 4))
          && await crypto.subtle.verify({ name: 'Ed25519' }, key.key, signed.subarray(4), new TextEncoder().encode(text))) {
          const facts = {};
          for (const factLine of text.split('\n').slice(1, -1)) {
            const space = factLine.indexOf(' ');
            facts[factLine.substring(0, space)] = factLine.substring(space + 1);
          }
          return facts;
        }
      }
    }
    throw new Error('no valid signature');
  }

  // a snapshot whose note and file both verify, and whose checkpoint is the log's, cosigned by the policy's quorum
  async function readSnapshot(note, file) {
    const facts = await openNote(note);
    const checkpoint = await WitnessedCheckpoint.verify(state.policy, utf8.decode(Uint8Array.from(atob(facts.checkpoint || ''),
      c => c.charCodeAt(0))));
    if (String(checkpoint.size) !== facts['log-size'] || checkpoint.root !== facts['log-root']) {
      throw new Error('the note names another checkpoint');
    }
    if (hex(await crypto.subtle.digest('SHA-256', file)) !== facts.sha256) throw new Error('not the signed file');
    const raw = new Uint8Array(await new Response(new Blob([file]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    const entries = Number(facts.entries);
    const notApproved = Number(facts['not-approved']);
    if (![entries, Number(facts['not-in-force']), notApproved].every(Number.isSafeInteger)) throw new Error('a count is missing');
    const bitBytes = Math.ceil(entries / 4);
    const notApprovedAt = bitBytes + 2 * Number(facts['not-in-force']);
    if (raw.length !== notApprovedAt + 4 * notApproved) throw new Error('the file does not match its note');
    const snapshot = { facts, raw, entries, bitBytes, notApprovedAt, notApproved, taken: new Date(facts.taken), note, file };
    // the lookup's binary search needs them in increasing order, as the register writes them
    for (let i = 1; i < notApproved; i++) {
      if (notApprovedIndex(snapshot, i) <= notApprovedIndex(snapshot, i - 1)) throw new Error('not-approved out of order');
    }
    return snapshot;
  }

  // what this device kept, checked again: a cache is only as good as the signature it still carries
  async function keptSnapshot() {
    try {
      const cache = await caches.open(SNAPSHOTS);
      const note = await cache.match('/status/snapshot');
      if (!note) return null;
      const text = await note.text();
      const sha256 = (text.match(/^sha256 ([0-9a-f]{64})$/m) || [])[1];
      const file = sha256 && await cache.match('/status/snapshot/' + sha256 + '.gz');
      return file ? await readSnapshot(text, await file.arrayBuffer()) : null;
    } catch (bad) {
      return null;
    }
  }

  // note and file are kept together, and only once both verified: never one without the other
  async function keepSnapshot(snapshot) {
    const cache = await caches.open(SNAPSHOTS);
    for (const old of await cache.keys()) await cache.delete(old);
    await cache.put('/status/snapshot/' + snapshot.facts.sha256 + '.gz', new Response(snapshot.file));
    await cache.put('/status/snapshot', new Response(snapshot.note));
  }

  async function loadSnapshot() {
    const kept = await keptSnapshot();
    let fetched = null;
    try {
      // past the HTTP cache: online, the page takes the latest snapshot
      const note = await (await fetch('/status/snapshot', { cache: 'no-cache' })).text();
      const sha256 = (note.match(/^sha256 ([0-9a-f]{64})$/m) || [])[1];
      fetched = await readSnapshot(note, await (await fetch('/status/snapshot/' + sha256 + '.gz')).arrayBuffer());
    } catch (offlineOrBad) {
      if (!kept) throw offlineOrBad;
    }
    // an older snapshot never replaces a newer one, whoever serves it
    state.snapshot = !fetched || (kept && kept.taken >= fetched.taken) ? kept : fetched;
    if (state.snapshot === fetched && 'caches' in self) await keepSnapshot(fetched);
  }

  // whole hours since the snapshot was taken
  function age(snapshot) {
    return Math.floor((Date.now() - snapshot.taken.getTime()) / 3600000);
  }

  // the i-th index of the file's third part (unsigned 32-bit big-endian)
  function notApprovedIndex(snapshot, i) {
    const { raw, notApprovedAt } = snapshot;
    const at = notApprovedAt + 4 * i;
    return ((raw[at] << 24) >>> 0) + (raw[at + 1] << 16) + (raw[at + 2] << 8) + raw[at + 3];
  }

  // whether the file lists the index as a certificate issued outside its body's approval
  function issuedOutsideApproval(index) {
    let low = 0, high = state.snapshot.notApproved - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const listed = notApprovedIndex(state.snapshot, middle);
      if (listed === index) return true;
      if (listed < index) low = middle + 1; else high = middle - 1;
    }
    return false;
  }

  const SET_IN_BYTE = Uint8Array.from({ length: 256 }, (_, b) => [6, 4, 2, 0].filter(s => ((b >> s) & 3) !== 0).length);

  function lookup(index) {
    const { raw, entries, bitBytes } = state.snapshot;
    if (index >= entries) return { code: 'BEYOND_SNAPSHOT' };
    // issued outside an approval: not a valid certificate, whatever its status
    if (issuedOutsideApproval(index)) return { code: 'ISSUER_NOT_APPROVED' };
    const byte = Math.floor(index / 4);
    const shift = 6 - 2 * (index % 4);
    const code = (raw[byte] >> shift) & 3;
    if (code === 0) return { code: 'IN_FORCE' };
    let rank = 0;
    for (let b = 0; b < byte; b++) rank += SET_IN_BYTE[raw[b]];
    for (let s = 6; s > shift; s -= 2) if (((raw[byte] >> s) & 3) !== 0) rank++;
    const at = bitBytes + 2 * rank;
    return { code: CODES[code], since: (raw[at] << 8) | raw[at + 1] };
  }

  // the register's day: what "expired" is judged against
  function today() {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: words.zone }).format(new Date());
    return Math.floor(Date.parse(parts + 'T00:00:00Z') / 86400000);
  }

  async function verify(input) {
    const started = performance.now();
    const text = input.trim();
    const marker = text.search(/\/v\//i);
    const token = (marker >= 0 ? text.substring(marker + 3) : text).replace(/[?#].*$/, '');
    const checked = await verifyToken(token);
    let verdict, headline, asOf = '';
    if (checked.failure) {
      verdict = 'NOT_GENUINE';
      headline = words.NOT_GENUINE;
    } else if (checked.claims.statusIndex === undefined) {
      verdict = 'UNKNOWN';
      headline = words.NO_INDEX;
    } else if (!state.snapshot) {
      verdict = 'UNKNOWN';
      headline = words.NO_SNAPSHOT;
    } else {
      const status = lookup(checked.claims.statusIndex);
      asOf = fill(words.asOf, { time: time(state.snapshot.taken) });
      if (status.code === 'BEYOND_SNAPSHOT') {
        verdict = 'UNKNOWN';
        headline = words.BEYOND_SNAPSHOT;
      } else if (status.code === 'ISSUER_NOT_APPROVED') {
        verdict = status.code;
        headline = words.ISSUER_NOT_APPROVED;
      } else if (status.code !== 'IN_FORCE') {
        verdict = status.code;
        headline = fill(words[status.code], { date: day(status.since) });
      } else if (checked.claims.expiryDate < today()) {
        verdict = 'EXPIRED';
        headline = fill(words.EXPIRED, { date: day(checked.claims.expiryDate) });
      } else if (age(state.snapshot) >= words.oldAfterHours) {
        verdict = 'VALID_OLD';
        headline = fill(words.VALID_OLD, { hours: age(state.snapshot), time: time(state.snapshot.taken) });
      } else {
        verdict = 'VALID';
        headline = fill(words.VALID, { time: time(state.snapshot.taken) });
      }
    }
    const elapsed = performance.now() - started;
    show(verdict, headline, asOf, checked, elapsed);
  }

  // shown in the bad colour: not genuine, or genuine but never a valid certificate
  const BAD = ['NOT_GENUINE', 'ISSUER_NOT_APPROVED'];

  function show(verdict, headline, asOf, checked, elapsed) {
    const box = $('verdict');
    box.className = 'verdict ' + (verdict === 'VALID' ? 'good' : BAD.includes(verdict) ? 'bad' : 'warn');
    $('result').dataset.verdict = verdict;
    $('headline').textContent = headline;
    $('as-of').textContent = asOf;
    const facts = $('facts');
    facts.replaceChildren();
    const add = (label, value) => {
      const term = document.createElement('dt');
      term.textContent = label;
      const description = document.createElement('dd');
      description.textContent = value;
      facts.append(term, description);
    };
    if (checked.failure) {
      add(words.reason, words.reasons[checked.failure]);
    } else {
      const c = checked.claims;
      add(words.facts.number, c.number);
      if (c.holderName !== undefined) add(words.facts.holderName, c.holderName);
      add(words.facts.creditCode, c.creditCode);
      add(words.facts.scheme, words.schemes[c.scheme] || c.scheme);
      add(words.facts.grade, words.grades[c.scheme + '/' + c.grade] || c.grade);
      add(words.facts.issueDate, day(c.issueDate));
      add(words.facts.expiryDate, day(c.expiryDate));
      add(words.facts.kid, checked.kid);
    }
    $('verify-time').textContent = fill(words.verifyTime, { ms: elapsed.toFixed(1) });
    $('verify-time').dataset.ms = elapsed.toFixed(3);
    $('result').hidden = false;
    $('result').scrollIntoView({ block: 'start' });
  }

  async function readPhoto(file) {
    const codes = await new BarcodeDetector({ formats: ['qr_code'] }).detect(await createImageBitmap(file));
    if (codes.length === 0) {
      $('snapshot').textContent = words.noCode;
      return;
    }
    $('code').value = codes[0].rawValue;
    await verify(codes[0].rawValue);
  }

  async function start() {
    const form = $('offline-form');
    form.addEventListener('submit', event => {
      event.preventDefault();
      verify($('code').value);
    });
    if ('BarcodeDetector' in window) {
      $('photo-field').hidden = false;
      $('photo').addEventListener('change', () => $('photo').files[0] && readPhoto($('photo').files[0]));
    }
    const worker = 'serviceWorker' in navigator
      ? navigator.serviceWorker.register('/offline-sw.js', { scope: '/verify-offline' }).then(() => navigator.serviceWorker.ready)
      : Promise.resolve();
    try {
      await loadKeys();
      await loadSnapshot();
      document.documentElement.dataset.snapshotTaken = state.snapshot.facts.taken;
      $('snapshot').textContent = fill(words.snapshotState, { time: time(state.snapshot.taken), count: state.snapshot.facts['not-in-force'] });
    } catch (e) {
      $('snapshot').textContent = state.keys.size > 0 && e.message !== 'Failed to fetch' ? words.snapshotBad : words.snapshotNone;
    }
    await worker.catch(() => undefined);
    // /verify-offline#code=<code>: a link that verifies at once (bench/offline.sh measures with it)
    if (location.hash.startsWith('#code=')) {
      $('code').value = decodeURIComponent(location.hash.substring(6));
      await verify($('code').value);
    }
    document.documentElement.dataset.offlineReady = state.snapshot ? 'true' : 'false';
  }

  start();
})();
