// Self time per function of dist/index.mjs in a .cpuprofile (from bench/profile.mjs), largest first, and
// the plugin's total beside the profile's total: `node bench/profile-summary.mjs <file>.cpuprofile`.
import { readFileSync } from 'node:fs';

const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const functions = new Map();
let plugin = 0;
for (const [id, us] of selfUs) {
  const { callFrame } = byId.get(id);
  if (!callFrame.url.includes('eslint-plugin/dist/index.mjs')) continue;
  plugin += us;
  const key = `${callFrame.functionName || '(anonymous)'}:${callFrame.lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}
console.log(`profile ${(total / 1e3).toFixed(0)} ms, plugin self time ${(plugin / 1e3).toFixed(0)} ms`);
for (const [key, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${(us / 1e3).toFixed(1).padStart(8)} ms  ${key}`);
}
