// @ts-check
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {object} ProfileNode a node of a V8 `.cpuprofile`
 * @property {number} id
 * @property {{ functionName: string; url: string; lineNumber: number }} callFrame
 * @property {number[]} [children]
 */

/**
 * @typedef {object} ProfileSummary
 * @property {string} file
 * @property {number} totalMs sampled time, idle excluded
 * @property {{ area: string; ms: number; share: number }[]} areas self time by where the code lives
 * @property {{ area: string; ms: number; share: number }[]} charged self time charged to the nearest library frame
 *   on the stack (ws, undici, our packages, other dependencies, the harness): Node internals and native code
 *   count for the library that called them
 * @property {{ name: string; area: string; ms: number; share: number }[]} functions the top functions by self time
 * @property {{ name: string; area: string; ms: number; share: number }[]} ours the top functions of our packages by
 *   inclusive time: their callees counted (each sample once per function), except what runs under a ws or undici
 *   frame they call back into (ws completing the upgrade inside verifyClient's callback is ws's time)
 */

/** Where a sampled frame's code lives, by its script URL. @param {ProfileNode['callFrame']} frame */
function areaOf(frame) {
  const { url, functionName } = frame;
  if (url === '')
    return functionName === '(garbage collector)' ? 'gc' : functionName === '(idle)' ? 'idle' : 'vm';
  for (const name of ['connection-context', 'header-options', 'query-params']) {
    if (url.includes(`/packages/${name}/`)) return `@ws-compat/${name}`;
  }
  if (/\/ws@\d|\/node_modules\/ws\//.test(url)) return 'ws';
  if (/\/undici@\d|\/node_modules\/undici\//.test(url)) return 'undici';
  if (url.startsWith('node:')) return 'node core';
  if (url.includes('/node_modules/')) return 'other dependencies';
  return 'load harness';
}

/** @param {ProfileNode['callFrame']} frame */
function nameOf(frame) {
  const file = frame.url.split('/').slice(-1)[0] ?? '';
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

/**
 * Self time of a V8 CPU profile by area and by function, and inclusive time of our packages'
 * functions; idle time left out.
 *
 * @param {string} file a `.cpuprofile` written by `node --cpu-prof`
 * @param {number} [top] how many functions to list
 * @returns {ProfileSummary}
 */
export function summarizeProfile(file, top = 12) {
  /** @type {{ nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }} */
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  /** @type {Map<number, ProfileNode>} */
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  /** @type {Map<number, number>} */
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  /** @type {Map<number, number>} microseconds of self time per node */
  const selfTime = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] ?? -1;
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  /** @type {Map<string, number>} */
  const byArea = new Map();
  /** @type {Map<string, number>} */
  const charged = new Map();
  /** @type {Map<string, { area: string; us: number }>} */
  const byFunction = new Map();
  /** @type {Map<string, { area: string; us: number }>} */
  const oursInclusive = new Map();
  let total = 0;
  for (const [id, us] of selfTime) {
    const node = nodes.get(id);
    if (!node) continue;
    const area = areaOf(node.callFrame);
    if (area === 'idle') continue;
    total += us;
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const entry = byFunction.get(nameOf(node.callFrame)) ?? { area, us: 0 };
    entry.us += us;
    byFunction.set(nameOf(node.callFrame), entry);
    // Walk up the stack once: the nearest library frame is charged the sample's self time, and, unless
    // that frame is ws or undici, every function of ours on the stack is charged it once.
    const seen = new Set();
    /** @type {string | null} */
    let library = null;
    for (
      let current = /** @type {number | undefined} */ (id);
      current !== undefined;
      current = parents.get(current)
    ) {
      const frame = nodes.get(current)?.callFrame;
      if (!frame) break;
      const frameArea = areaOf(frame);
      if (library === null && frameArea !== 'node core' && frameArea !== 'vm') library = frameArea;
      if (library === 'ws' || library === 'undici') break;
      if (!frameArea.startsWith('@ws-compat/')) continue;
      const name = nameOf(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      const inclusive = oursInclusive.get(name) ?? { area: frameArea, us: 0 };
      inclusive.us += us;
      oursInclusive.set(name, inclusive);
    }
    const chargedArea = library ?? `${area} (no library frame)`;
    charged.set(chargedArea, (charged.get(chargedArea) ?? 0) + us);
  }
  const share = (/** @type {number} */ us) => Math.round((us / total) * 1000) / 10;
  const rows = (/** @type {Map<string, { area: string; us: number }>} */ map) =>
    [...map]
      .sort((x, y) => y[1].us - x[1].us)
      .slice(0, top)
      .map(([name, { area, us }]) => ({ name, area, ms: Math.round(us / 1000), share: share(us) }));
  const areaRows = (/** @type {Map<string, number>} */ map) =>
    [...map]
      .sort((x, y) => y[1] - x[1])
      .map(([area, us]) => ({ area, ms: Math.round(us / 1000), share: share(us) }));
  return {
    file,
    totalMs: Math.round(total / 1000),
    areas: areaRows(byArea),
    charged: areaRows(charged),
    functions: rows(byFunction),
    ours: rows(oursInclusive),
  };
}

/**
 * A fresh directory for one process's `--cpu-prof` output, and the Node flags that fill it.
 *
 * @param {string} root
 * @param {string} name
 */
export function profileFlags(root, name) {
  const directory = join(root, `profile-${name}`);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  return { directory, execArgv: ['--cpu-prof', `--cpu-prof-dir=${directory}`] };
}

/**
 * The summary of the profile a process wrote into `directory` when it exited, null if there is none.
 *
 * @param {string} directory
 * @returns {ProfileSummary | null}
 */
export function readProfile(directory) {
  const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'));
  return file ? summarizeProfile(join(directory, file)) : null;
}
