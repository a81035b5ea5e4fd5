// Runs the offline verifier's own checkpoint check (static/witnessed.js, as the page loads it) on a policy and a
// checkpoint note: node verify-witnessed-checkpoint.mjs <policy file> <note file>. Prints {"size", "root"} or {"error"}.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

globalThis.self = globalThis;
const script = fileURLToPath(new URL('../../main/resources/META-INF/resources/static/witnessed.js', import.meta.url));
vm.runInThisContext(readFileSync(script, 'utf8'), { filename: script });
const [policyFile, noteFile] = process.argv.slice(2);
try {
  const policy = await self.WitnessedCheckpoint.policy(readFileSync(policyFile, 'utf8'));
  const checkpoint = await self.WitnessedCheckpoint.verify(policy, readFileSync(noteFile, 'utf8'));
  console.log(JSON.stringify({ size: checkpoint.size, root: checkpoint.root }));
} catch (refused) {
  console.log(JSON.stringify({ error: refused.message }));
}
