// @ts-check

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import semver from 'semver';
import { entryPointProblems } from './exports-map.js';
import { RehearsalFailure } from './rehearsal-failure.js';
import { CommandError, outputTail, runCommand } from './run-command.js';
import { tarballFileName } from './workspace-packages.js';

/** What attw's problem kinds mean, for a failure message a reader can act on without the docs. */
const ATTW_PROBLEMS = /** @type {Record<string, string>} */ ({
  NoResolution: 'the import does not resolve to types or JavaScript',
  UntypedResolution: 'the import resolves to JavaScript without types',
  FalseCJS: 'the types are ESM-only but the JavaScript is CommonJS ("masquerading as CJS")',
  FalseESM: 'the types are CommonJS but the JavaScript is ESM ("masquerading as ESM")',
  CJSResolvesToESM: 'require() resolves to an ES module',
  FallbackCondition: 'a fallback condition is used',
  CJSOnlyExportsDefault: 'CommonJS module exports only default',
  NamedExports: 'named exports in the types are missing from the JavaScript',
  FalseExportDefault: 'the types declare a default export the JavaScript does not have',
  MissingExportEquals: 'the types lack export= for a CommonJS module',
  InternalResolutionError: 'an import inside the types does not resolve',
  UnexpectedModuleSyntax: 'the file uses the wrong module syntax for its extension',
});

/**
 * @typedef {object} PackedPackage
 * @property {string} name
 * @property {string} version
 * @property {string} tarball    absolute path
 * @property {Record<string, unknown>} manifest  package.json as packed
 */

/**
 * Packs each published package with `pnpm pack` (what `pnpm publish` uploads: `workspace:` ranges
 * replaced, only `files`) and checks the tarballs before anything is published: every entry point
 * is in the tarball, internal ranges include the versions being released, no `workspace:` or
 * `catalog:` range is left, then `publint --strict` and `attw --profile strict` on the tarball file.
 *
 * @param {object} options
 * @param {readonly import('./workspace-packages.js').WorkspacePackage[]} options.packages  the workspace's packages, as versioned
 * @param {readonly string[]} [options.only]  check only these package names
 * @param {string} options.tarballDirectory
 * @param {AbortSignal} [options.signal]
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<{ packed: PackedPackage[]; failures: RehearsalFailure[] }>}
 */
export async function packAndCheck({ packages, only, tarballDirectory, signal, log = () => {} }) {
  await mkdir(tarballDirectory, { recursive: true });
  const versions = new Map(packages.map((pkg) => [pkg.name, pkg.version]));
  /** @type {PackedPackage[]} */
  const packed = [];
  /** @type {RehearsalFailure[]} */
  const failures = [];
  const run = { ...(signal ? { signal } : {}) };

  const checked = packages.filter((pkg) => pkg.published && (only === undefined || only.includes(pkg.name)));
  for (const pkg of checked) {
    const tarball = path.join(tarballDirectory, tarballFileName(pkg.name, pkg.version));
    try {
      await runCommand('pnpm', ['pack', '--pack-destination', tarballDirectory], {
        cwd: pkg.directory,
        ...run,
      });
    } catch (error) {
      failures.push(packFailure(pkg.name, 'pnpm pack failed', error));
      continue;
    }
    const unpacked = path.join(tarballDirectory, `${path.basename(tarball, '.tgz')}`);
    await mkdir(unpacked, { recursive: true });
    await runCommand('tar', ['-xzf', tarball, '-C', unpacked], { cwd: tarballDirectory, ...run });
    const root = path.join(unpacked, 'package');
    const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
    packed.push({ name: pkg.name, version: pkg.version, tarball, manifest });
    const files = new Set(await listFiles(root));

    for (const problem of entryPointProblems(manifest, files))
      failures.push(new RehearsalFailure(pkg.name, problem));
    for (const problem of dependencyProblems(manifest, versions))
      failures.push(new RehearsalFailure(pkg.name, problem));

    const publint = path.join(pkg.directory, 'node_modules', '.bin', 'publint');
    const attw = path.join(pkg.directory, 'node_modules', '.bin', 'attw');
    for (const [tool, bin] of /** @type {const} */ ([
      ['publint', publint],
      ['attw', attw],
    ])) {
      if (!existsSync(bin)) {
        failures.push(
          new RehearsalFailure(pkg.name, `${tool} is not installed: add it to the package's devDependencies`),
        );
      }
    }
    if (existsSync(publint)) failures.push(...(await runPublint(pkg.name, publint, tarball, run)));
    if (existsSync(attw)) failures.push(...(await runAttw(pkg.name, attw, tarball, run)));
    log(`${pkg.name}@${pkg.version}: packed ${files.size} files, checked`);
  }
  return { packed, failures };
}

/**
 * Problems with a packed manifest's dependency ranges: protocols only the workspace understands,
 * and internal ranges that miss the version being released alongside.
 *
 * @param {Record<string, unknown>} manifest
 * @param {ReadonlyMap<string, string>} versions  workspace package name -> version being released
 * @returns {string[]}
 */
export function dependencyProblems(manifest, versions) {
  /** @type {string[]} */
  const problems = [];
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    const ranges = /** @type {Record<string, string> | undefined} */ (manifest[field]);
    for (const [name, range] of Object.entries(ranges ?? {})) {
      if (/^(workspace|catalog):/.test(range)) {
        problems.push(
          `${field}["${name}"] is "${range}" in the tarball: npm cannot install it (pack with pnpm)`,
        );
        continue;
      }
      const version = versions.get(name);
      if (version !== undefined && !semver.satisfies(version, range)) {
        problems.push(
          `${field}["${name}"] is "${range}", which does not include ${name}@${version} being released`,
        );
      }
    }
  }
  return problems;
}

/**
 * @param {string} packageName
 * @param {string} bin
 * @param {string} tarball
 * @param {{ signal?: AbortSignal }} run
 * @returns {Promise<RehearsalFailure[]>}
 */
async function runPublint(packageName, bin, tarball, run) {
  const result = await runCommand(bin, ['run', '--strict', tarball], {
    cwd: path.dirname(tarball),
    allowFailure: true,
    ...run,
  });
  if (result.code === 0) return [];
  const output = stripVTControlCharacters(`${result.stdout}\n${result.stderr}`);
  // publint numbers its findings: "1. pkg.exports["."].import.default is ... but the file does not exist."
  const findings = output
    .split('\n')
    .map((line) => /^\s*\d+\.\s+(.*)$/.exec(line)?.[1])
    .filter((finding) => finding !== undefined);
  if (findings.length === 0)
    return [new RehearsalFailure(packageName, 'publint --strict failed', { detail: output })];
  return findings.map((finding) => new RehearsalFailure(packageName, `publint: ${finding}`));
}

/**
 * @param {string} packageName
 * @param {string} bin
 * @param {string} tarball
 * @param {{ signal?: AbortSignal }} run
 * @returns {Promise<RehearsalFailure[]>}
 */
async function runAttw(packageName, bin, tarball, run) {
  const result = await runCommand(bin, [tarball, '--profile', 'strict', '--format', 'json'], {
    cwd: path.dirname(tarball),
    allowFailure: true,
    ...run,
  });
  if (result.code === 0) return [];
  /** @type {{ problems?: Record<string, { kind: string; entrypoint?: string; resolutionKind?: string; fileName?: string }[]> } | null} */
  let report = null;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    // not JSON: attw itself failed; the output says why
  }
  const problems = Object.values(report?.problems ?? {}).flat();
  if (problems.length === 0) {
    return [
      new RehearsalFailure(packageName, 'attw failed', { detail: `${result.stdout}\n${result.stderr}` }),
    ];
  }
  return problems.map((problem) => {
    const entrypoint = problem.entrypoint ?? '.';
    const specifier = entrypoint === '.' ? packageName : `${packageName}/${entrypoint.replace(/^\.\//, '')}`;
    const where = problem.resolutionKind ? ` under ${problem.resolutionKind} resolution` : '';
    const meaning = ATTW_PROBLEMS[problem.kind] ?? 'see https://arethetypeswrong.github.io';
    return new RehearsalFailure(packageName, `attw ${problem.kind}: "${specifier}"${where}: ${meaning}`);
  });
}

/**
 * How the files of two tarballs differ: missing on either side or different contents. Empty when
 * both hold the same files with the same bytes (package.json: the same JSON value), whatever their
 * tar headers say.
 *
 * @param {string} checkedTarball  path of the tarball pack-check checked
 * @param {Buffer} publishedTarball the tarball downloaded from the registry
 * @param {AbortSignal} [signal]
 * @returns {Promise<string[]>}
 */
export async function tarballDifferences(checkedTarball, publishedTarball, signal) {
  const directory = await mkdtemp(path.join(path.dirname(checkedTarball), 'compare-'));
  try {
    const run = { cwd: directory, ...(signal ? { signal } : {}) };
    const publishedPath = path.join(directory, 'published.tgz');
    await writeFile(publishedPath, publishedTarball);
    const checked = await fileHashes(checkedTarball, path.join(directory, 'checked'), run);
    const published = await fileHashes(publishedPath, path.join(directory, 'published'), run);
    /** @type {string[]} */
    const differences = [];
    for (const [file, hash] of checked) {
      if (!published.has(file)) differences.push(`${file} was not published`);
      else if (published.get(file) !== hash) differences.push(`${file} differs`);
    }
    for (const file of published.keys()) {
      if (!checked.has(file)) differences.push(`${file} was published but not checked`);
    }
    return differences;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Unpacks a tarball into `root` and hashes each file.
 *
 * @param {string} tarball
 * @param {string} root
 * @param {{ cwd: string; signal?: AbortSignal }} run
 * @returns {Promise<Map<string, string>>} relative path -> sha256
 */
async function fileHashes(tarball, root, run) {
  await mkdir(root);
  await runCommand('tar', ['-xzf', tarball, '-C', root], run);
  /** @type {Map<string, string>} */
  const hashes = new Map();
  for (const file of await listFiles(root)) {
    const bytes = await readFile(path.join(root, file));
    // pnpm writes the keys it rewrites (workspace: and catalog: ranges) in whatever order its
    // async replacement finishes, so two packs of one package differ there: compare the meaning
    const content =
      file === 'package/package.json' ? canonicalJson(JSON.parse(bytes.toString('utf8'))) : bytes;
    hashes.set(file, createHash('sha256').update(content).digest('hex'));
  }
  return hashes;
}

/**
 * JSON with every object's keys sorted, so equal values give equal text.
 *
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  return JSON.stringify(value, (_key, nested) =>
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : nested,
  );
}

/**
 * @param {string} packageName
 * @param {string} problem
 * @param {unknown} error
 */
function packFailure(packageName, problem, error) {
  const detail = error instanceof CommandError ? outputTail(error.output) : String(error);
  return new RehearsalFailure(packageName, problem, { detail, cause: error });
}

/**
 * @param {string} root
 * @returns {Promise<string[]>} files under root, relative, with `/`
 */
async function listFiles(root) {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}
