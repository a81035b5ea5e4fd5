// A log checkpoint checked against the log's published policy (/log/policy, C2SP tlog-policy): signed by one of the
// log's keys (C2SP signed-note, Ed25519) and cosigned by the policy's quorum of witnesses (C2SP tlog-cosignature,
// cosignature/v1). The offline verifier (offline.js) uses it for the checkpoint its status snapshot names; the tests run
// it in Node. WebCrypto only, and no page: self.WitnessedCheckpoint = { policy, verify }.
'use strict';
(() => {
  const MAX_NOTE = 16384;
  const MAX_LINES = 64;
  const encoder = new TextEncoder();
  const fromBase64 = text => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error('not base64');
    return Uint8Array.from(atob(text), c => c.charCodeAt(0));
  };
  const hex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let at = 0;
    for (const part of parts) { out.set(part, at); at += part.length; }
    return out;
  };

  // <name>+<hex key ID>+<base64(type ‖ Ed25519 key)>, its key ID checked: SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4]
  async function verifierKey(vkey, type) {
    // the key's base64 may hold '+' itself
    const first = vkey.indexOf('+'), second = vkey.indexOf('+', first + 1);
    const parts = first < 0 || second < 0 ? [] : [vkey.substring(0, first), vkey.substring(first + 1, second), vkey.substring(second + 1)];
    if (parts.length !== 3 || parts[0] === '' || !/^[0-9a-f]{8}$/.test(parts[1])) throw new Error('not a verifier key');
    const typed = fromBase64(parts[2]);
    if (typed.length !== 33 || typed[0] !== type) throw new Error('not an Ed25519 key of type ' + type);
    const id = new Uint8Array(await crypto.subtle.digest('SHA-256', concat(encoder.encode(parts[0] + '\n'), typed))).subarray(0, 4);
    if (hex(id) !== parts[1]) throw new Error('a key ID that is not its hash');
    const key = await crypto.subtle.importKey('raw', typed.subarray(1), { name: 'Ed25519' }, false, ['verify']);
    return { name: parts[0], id: parts[1], key };
  }

  // the policy's log keys, witnesses, groups and quorum (the same reading as the register's WitnessPolicy)
  async function policy(text) {
    const logs = [], witnesses = new Map(), groups = new Map();
    let quorum = null;
    const defined = name => name !== 'none' && (witnesses.has(name) || groups.has(name));
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const words = line.split(/[ \t]+/);
      if (words[0] === 'log' && (words.length === 2 || words.length === 3)) {
        logs.push(await verifierKey(words[1], 0x01));
      } else if (words[0] === 'witness' && (words.length === 3 || words.length === 4) && !defined(words[1])) {
        witnesses.set(words[1], { name: words[1], verifier: await verifierKey(words[2], 0x04) });
      } else if (words[0] === 'group' && words.length >= 4 && !defined(words[1])) {
        const members = words.slice(3);
        if (new Set(members).size !== members.length || !members.every(defined)) throw new Error('a group of unknown members');
        const threshold = words[2] === 'all' ? members.length : words[2] === 'any' ? 1 : Number(words[2]);
        if (!Number.isInteger(threshold) || threshold < 1 || threshold > members.length) throw new Error('a bad threshold');
        groups.set(words[1], { threshold, members });
      } else if (words[0] === 'quorum' && words.length === 2 && quorum === null && (words[1] === 'none' || defined(words[1]))) {
        quorum = words[1];
      } else {
        throw new Error('not a policy line: ' + line);
      }
    }
    if (logs.length === 0 || quorum === null) throw new Error('a policy names the log and a quorum');
    const met = (name, cosigners) => {
      const group = groups.get(name);
      return group ? group.members.filter(member => met(member, cosigners)).length >= group.threshold : cosigners.has(name);
    };
    // a cosignature line names the witness's key, the policy its own name for the witness
    const byKeyName = new Map([...witnesses.values()].map(witness => [witness.verifier.name, witness]));
    return { logs, byKeyName, satisfied: cosigners => quorum === 'none' || met(quorum, cosigners) };
  }

  // the checkpoint's origin, size and root, or an error: a signature by a log key and the quorum's cosignatures, or nothing
  async function verify(policy, note) {
    if (note.length > MAX_NOTE) throw new Error('too long');
    const split = note.indexOf('\n\n');
    if (split < 0) throw new Error('no signature');
    const body = note.substring(0, split + 1);
    const lines = body.split('\n');
    if (lines.length < 4 || !/^(0|[1-9][0-9]{0,15})$/.test(lines[1])) throw new Error('not a checkpoint');
    const root = fromBase64(lines[2]);
    if (root.length !== 32) throw new Error('not a checkpoint');
    const signatures = note.substring(split + 2).split('\n');
    if (signatures.length > MAX_LINES || signatures.pop() !== '') throw new Error('not a signed note');
    let signedByLog = false;
    const cosigners = new Set();
    for (const line of signatures) {
      const match = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!match) throw new Error('not a signature line');
      let signed;
      try {
        signed = fromBase64(match[2]);
      } catch (bad) {
        continue;
      }
      const id = hex(signed.subarray(0, 4));
      const log = policy.logs.find(k => k.name === match[1] && k.id === id);
      if (log && lines[0] === log.name && signed.length === 68
        && await crypto.subtle.verify({ name: 'Ed25519' }, log.key, signed.subarray(4), encoder.encode(body))) {
        signedByLog = true;
      }
      const witness = policy.byKeyName.get(match[1]);
      if (witness && witness.verifier.id === id && signed.length === 76) {
        const time = new DataView(signed.buffer, signed.byteOffset + 4, 8).getBigUint64(0);
        const message = encoder.encode('cosignature/v1\ntime ' + time + '\n' + body);
        if (await crypto.subtle.verify({ name: 'Ed25519' }, witness.verifier.key, signed.subarray(12), message)) {
          cosigners.add(witness.name);
        }
      }
    }
    if (!signedByLog) throw new Error('not signed by the log');
    if (!policy.satisfied(cosigners)) throw new Error('not cosigned by the quorum');
    return { origin: lines[0], size: Number(lines[1]), root: lines[2] };
  }

  self.WitnessedCheckpoint = { policy, verify };
})();
