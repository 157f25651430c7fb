// @ts-check
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkConsumerTypes, installConsumer, runBehaviour } from './consumer.js';
import { packAndCheck, tarballDifferences } from './package-checks.js';
import { RehearsalFailure, RehearsalFailures, summarizeFailures, throwIfAny } from './rehearsal-failure.js';
import { CommandError, childEnvironment, outputTail, runCommand } from './run-command.js';
import { startVerdaccio } from './verdaccio.js';
import { addRehearsalChangeset, checkVersioned } from './versioning.js';
import { copyWorkspace, REHEARSAL_GIT_IDENTITY } from './workspace-copy.js';
import { readWorkspacePackages } from './workspace-packages.js';

export const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** The registry this process was told to use (e.g. a mirror in CI), else npm's. */
export const DEFAULT_UPLINK = process.env['npm_config_registry'] ?? 'https://registry.npmjs.org/';

/**
 * The stages in the order they run, each with the stages it needs. Asking for one stage runs the
 * stages it needs first (`pack-check` alone: copy, install, build, pack-check) and nothing else:
 * the same code the full rehearsal runs.
 */
export const STAGES = /** @type {const} */ ({
  copy: [],
  install: ['copy'],
  version: ['install'],
  build: ['install'],
  'pack-check': ['build'],
  registry: [],
  publish: ['registry', 'version', 'pack-check'],
  'consumer-install': ['publish'],
  'consumer-node': ['consumer-install'],
  'consumer-node18': ['consumer-install'],
  'consumer-types': ['consumer-install'],
});

/** @typedef {keyof typeof STAGES} StageName */

/**
 * @typedef {object} RehearsalOptions
 * @property {string} source            the repository to rehearse (never modified: it is copied)
 * @property {readonly StageName[]} [stages]  the stages wanted (with what they need); default all
 * @property {number} [timeoutMs]       give up after this long; default 5 minutes
 * @property {string} [uplink]          where Verdaccio proxies everything but `@ws-compat/*`
 * @property {readonly string[]} [only]  build and pack-check only these packages (not with publish)
 * @property {boolean} [keep]           keep the temporary directories (their path is printed)
 * @property {(line: string) => void} [log]
 */

/**
 * @typedef {object} StageResult
 * @property {StageName} stage
 * @property {'passed' | 'failed' | 'skipped'} status
 * @property {number} durationMs
 * @property {string} note
 */

/**
 * @typedef {object} RehearsalResult
 * @property {boolean} ok
 * @property {StageResult[]} stages
 * @property {RehearsalFailure[]} failures
 * @property {{ name: string; version: string }[]} released
 * @property {number} durationMs
 * @property {string} workDirectory
 */

/**
 * The stages `wanted` needs, in run order.
 *
 * @param {readonly StageName[]} wanted
 * @returns {StageName[]}
 */
export function planStages(wanted) {
  /** @type {Set<StageName>} */
  const selected = new Set();
  /** @param {StageName} stage */
  const add = (stage) => {
    if (selected.has(stage)) return;
    selected.add(stage);
    for (const need of STAGES[stage]) add(need);
  };
  for (const stage of wanted) add(stage);
  return /** @type {StageName[]} */ (Object.keys(STAGES)).filter((stage) => selected.has(stage));
}

/**
 * Rehearses a release of the repository at `source` in a temporary copy: version with changesets,
 * pack and check the tarballs, publish with `pnpm release` to a loopback Verdaccio, install from
 * it into a fresh npm project and run ESM, CommonJS (on this Node and on Node 18) and tsc against
 * what was published. Never throws for a finding: every problem is a {@link RehearsalFailure} in
 * the result (it throws only for contradictory options). Verdaccio is stopped and the temporary directories deleted in every case.
 *
 * @param {RehearsalOptions} options
 * @returns {Promise<RehearsalResult>}
 */
export async function runRehearsal(options) {
  const started = Date.now();
  const log = options.log ?? ((line) => process.stdout.write(`${line}\n`));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const plan = planStages(options.stages ?? /** @type {StageName[]} */ (Object.keys(STAGES)));
  if (options.only && plan.includes('publish')) {
    throw new TypeError('only: a release publishes every package; use it with stages before publish');
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const signal = controller.signal;
  const run = { signal };

  const workDirectory = await mkdtemp(path.join(tmpdir(), 'ws-compat-rehearsal-'));
  const dirs = {
    copy: path.join(workDirectory, 'repo'),
    registry: path.join(workDirectory, 'registry'),
    tarballs: path.join(workDirectory, 'tarballs'),
    consumer: path.join(workDirectory, 'consumer'),
  };
  /** @type {import('./workspace-packages.js').WorkspacePackage[]} */
  let packages = [];
  /** @type {import('./package-checks.js').PackedPackage[]} */
  let packed = [];
  /** @type {import('./verdaccio.js').LocalRegistry | null} */
  let registry = null;
  /** @type {{ name: string; version: string }[]} */
  let released = [];
  const uplink = options.uplink ?? DEFAULT_UPLINK;
  // `only` narrows build and pack-check to some packages (and what they depend on, for the build)
  const buildFilters = options.only
    ? options.only.map((name) => `--filter=${name}`)
    : ['--filter=./packages/*'];

  /** @type {Record<StageName, () => Promise<string>>} */
  const stageBodies = {
    async copy() {
      const count = await copyWorkspace(options.source, dirs.copy, signal);
      packages = await readWorkspacePackages(dirs.copy);
      return `${count} files from ${options.source}`;
    },
    async install() {
      try {
        await runCommand('pnpm', ['install', '--frozen-lockfile', '--offline'], { cwd: dirs.copy, ...run });
        return 'pnpm install --frozen-lockfile --offline';
      } catch (error) {
        if (
          !(error instanceof CommandError) ||
          !/ERR_PNPM_NO_OFFLINE|NO_OFFLINE_(TARBALL|META)/.test(error.output)
        )
          throw error;
        await runCommand('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], {
          cwd: dirs.copy,
          ...run,
        });
        return 'pnpm install --frozen-lockfile --prefer-offline (the store lacked a package)';
      }
    },
    async version() {
      const before = await readWorkspacePackages(dirs.copy);
      await addRehearsalChangeset(dirs.copy, before);
      await runCommand('pnpm', ['run', 'version-packages'], { cwd: dirs.copy, ...run });
      packages = await readWorkspacePackages(dirs.copy);
      throwIfAny(await checkVersioned(dirs.copy, before, packages));
      return packages
        .filter((pkg) => pkg.published)
        .map(
          (pkg) =>
            `${pkg.name.replace('@ws-compat/', '')} ${before.find((old) => old.name === pkg.name)?.version} -> ${pkg.version}`,
        )
        .join(', ');
    },
    async build() {
      try {
        await runCommand(
          'pnpm',
          ['exec', 'turbo', 'run', 'build', ...buildFilters, '--output-logs=errors-only'],
          {
            cwd: dirs.copy,
            env: turboEnvironment(),
            ...run,
          },
        );
      } catch (error) {
        const output = error instanceof CommandError ? error.output : String(error);
        const culprit = /(@ws-compat\/[a-z-]+)#build/.exec(output)?.[1] ?? null;
        throw new RehearsalFailure(culprit, 'the build failed', { detail: outputTail(output), cause: error });
      }
      return `turbo run build ${buildFilters.join(' ')}`;
    },
    async 'pack-check'() {
      const result = await packAndCheck({
        packages,
        ...(options.only ? { only: options.only } : {}),
        tarballDirectory: dirs.tarballs,
        signal,
        log: (line) => log(`    ${line}`),
      });
      packed = result.packed;
      throwIfAny(result.failures);
      return `${packed.length} tarball${packed.length === 1 ? '' : 's'}: entry points, ranges, publint --strict, attw --profile strict`;
    },
    async registry() {
      registry = await startVerdaccio({ directory: dirs.registry, uplink, signal });
      const response = await fetch(new URL('@ws-compat%2fquery-params', registry.url), run);
      if (response.status !== 404) {
        throw new RehearsalFailure(
          null,
          `the local registry answers ${response.status} for @ws-compat/query-params before publishing: the scope must have no uplink`,
        );
      }
      return `Verdaccio at ${registry.url}, @ws-compat/* without uplink, others via ${uplink}`;
    },
    async publish() {
      const local = /** @type {import('./verdaccio.js').LocalRegistry} */ (registry);
      try {
        await runCommand('pnpm', ['run', 'release'], {
          cwd: dirs.copy,
          env: turboEnvironment({
            npm_config_registry: local.url,
            npm_config_userconfig: local.userconfig,
            ...REHEARSAL_GIT_IDENTITY,
          }),
          ...run,
        });
      } catch (error) {
        const output = error instanceof CommandError ? error.output : String(error);
        const culprit =
          /(@ws-compat\/[a-z-]+)/.exec(
            output
              .split('\n')
              .filter((line) => /error|fail/i.test(line))
              .join('\n'),
          )?.[1] ?? null;
        throw new RehearsalFailure(culprit, 'pnpm release failed', {
          detail: outputTail(output),
          cause: error,
        });
      }
      throwIfAny(await checkPublished(local.url, packages, packed, dirs.copy, signal));
      released = packed.map(({ name, version }) => ({ name, version }));
      return `pnpm release: ${released.map((pkg) => `${pkg.name}@${pkg.version}`).join(', ')}; tags created; published files identical to the checked ones`;
    },
    async 'consumer-install'() {
      const local = /** @type {import('./verdaccio.js').LocalRegistry} */ (registry);
      const typesNodeVersion = await catalogVersion(dirs.copy, '@types/node');
      throwIfAny(
        await installConsumer({
          directory: dirs.consumer,
          registry: local,
          released,
          typesNodeVersion,
          signal,
        }),
      );
      return `npm install ${released.map((pkg) => `${pkg.name}@${pkg.version}`).join(' ')} @types/node@${typesNodeVersion}`;
    },
    async 'consumer-node'() {
      const result = await runBehaviour({
        directory: dirs.consumer,
        nodePath: process.execPath,
        label: `node ${process.versions.node}`,
        signal,
      });
      throwIfAny(result.failures);
      return `ESM + CJS on node ${process.versions.node}: ${result.passed} checks passed`;
    },
    async 'consumer-node18'() {
      /** @type {import('@ws-compat/node-runtimes').NodeRuntime} */
      let runtime;
      try {
        const { ensureNodeRuntime } = await import('@ws-compat/node-runtimes');
        runtime = await ensureNodeRuntime(18, { signal });
      } catch (error) {
        throw new RehearsalFailure(null, `no Node 18 runtime: ${/** @type {Error} */ (error).message}`, {
          cause: error,
        });
      }
      const result = await runBehaviour({
        directory: dirs.consumer,
        nodePath: runtime.execPath,
        label: `node ${runtime.version}`,
        signal,
      });
      throwIfAny(result.failures);
      return `ESM + CJS on node ${runtime.version} (${runtime.source}): ${result.passed} checks passed`;
    },
    async 'consumer-types'() {
      throwIfAny(await checkConsumerTypes({ directory: dirs.consumer, signal }));
      return 'tsc --noEmit: node16, nodenext, bundler';
    },
  };

  /** @type {StageResult[]} */
  const results = [];
  /** @type {RehearsalFailure[]} */
  const failures = [];
  /** @type {Set<StageName>} */
  const unavailable = new Set();
  log(`Release rehearsal in ${workDirectory} (limit ${Math.round(timeoutMs / 1000)} s)`);
  try {
    for (const stage of plan) {
      const missing = STAGES[stage].find((need) => unavailable.has(need));
      if (missing !== undefined || signal.aborted) {
        unavailable.add(stage);
        const note = signal.aborted ? 'not run: time limit reached' : `not run: needs ${missing}`;
        results.push({ stage, status: 'skipped', durationMs: 0, note });
        log(`- ${stage}: ${note}`);
        continue;
      }
      log(`> ${stage}`);
      const stageStarted = Date.now();
      try {
        const note = await stageBodies[stage]();
        results.push({ stage, status: 'passed', durationMs: Date.now() - stageStarted, note });
        log(`  ok ${stage} (${seconds(Date.now() - stageStarted)}): ${note}`);
      } catch (error) {
        unavailable.add(stage);
        const found = signal.aborted
          ? [
              new RehearsalFailure(
                null,
                `gave up after ${Math.round(timeoutMs / 1000)} s, during stage "${stage}"`,
              ),
            ]
          : asFailures(error);
        failures.push(...found);
        results.push({
          stage,
          status: 'failed',
          durationMs: Date.now() - stageStarted,
          note: `${found.length} problem(s)`,
        });
        log(`  FAILED ${stage} (${seconds(Date.now() - stageStarted)})`);
        for (const line of summarizeFailures(found)) log(`    x ${line}`);
        for (const detail of new Set(
          found.map((failure) => failure.detail).filter((detail) => detail !== ''),
        )) {
          log(detail);
        }
      }
    }
  } finally {
    clearTimeout(timer);
    // the registry stage assigns it; TypeScript cannot see assignments made inside the closures
    const localRegistry = /** @type {import('./verdaccio.js').LocalRegistry | null} */ (registry);
    if (localRegistry !== null) await localRegistry.stop();
    if (options.keep) log(`Kept ${workDirectory}`);
    else await rm(workDirectory, { recursive: true, force: true, maxRetries: 3 });
  }
  return {
    ok: failures.length === 0,
    stages: results,
    failures,
    released,
    durationMs: Date.now() - started,
    workDirectory,
  };
}

/**
 * After `pnpm release`: each package's new version is on the registry as `latest`, its tarball is
 * byte for byte the one pack-check checked, `changeset publish` tagged it, and no private
 * workspace was published.
 *
 * @param {string} registryUrl
 * @param {readonly import('./workspace-packages.js').WorkspacePackage[]} packages
 * @param {readonly import('./package-checks.js').PackedPackage[]} packed
 * @param {string} repository
 * @param {AbortSignal} signal
 * @returns {Promise<RehearsalFailure[]>}
 */
async function checkPublished(registryUrl, packages, packed, repository, signal) {
  /** @type {RehearsalFailure[]} */
  const failures = [];
  const { stdout: tags } = await runCommand('git', ['tag', '--list'], { cwd: repository, signal });
  for (const pkg of packed) {
    const response = await fetch(new URL(pkg.name.replace('/', '%2f'), registryUrl), { signal });
    const document =
      /** @type {{ 'dist-tags'?: Record<string, string>; versions?: Record<string, { dist?: { shasum?: string; tarball?: string } }> }} */ (
        await response.json().catch(() => ({}))
      );
    const published = document.versions?.[pkg.version];
    if (response.status !== 200 || published === undefined) {
      failures.push(
        new RehearsalFailure(
          pkg.name,
          `${pkg.version} is not on the registry after pnpm release (HTTP ${response.status})`,
        ),
      );
      continue;
    }
    if (document['dist-tags']?.latest !== pkg.version) {
      failures.push(
        new RehearsalFailure(
          pkg.name,
          `dist-tag latest is ${document['dist-tags']?.latest}, expected ${pkg.version}`,
        ),
      );
    }
    const checked = await readFile(pkg.tarball);
    if (published.dist?.shasum !== createHash('sha1').update(checked).digest('hex')) {
      // the bytes differ; what matters is whether the files do (tar headers may not be reproducible)
      const tarballUrl = published.dist?.tarball;
      const download = tarballUrl === undefined ? null : await fetch(tarballUrl, { signal });
      if (download === null || !download.ok) {
        failures.push(
          new RehearsalFailure(pkg.name, `the published tarball cannot be downloaded (${tarballUrl})`),
        );
        continue;
      }
      const differences = await tarballDifferences(
        pkg.tarball,
        Buffer.from(await download.arrayBuffer()),
        signal,
      );
      if (differences.length > 0) {
        failures.push(
          new RehearsalFailure(
            pkg.name,
            `the published tarball is not the one pack-check checked: ${differences.join('; ')}`,
          ),
        );
      }
    }
    if (!tags.split('\n').includes(`${pkg.name}@${pkg.version}`)) {
      failures.push(
        new RehearsalFailure(
          pkg.name,
          `changeset publish did not create the git tag ${pkg.name}@${pkg.version}`,
        ),
      );
    }
  }
  for (const pkg of packages.filter((candidate) => !candidate.published)) {
    const response = await fetch(new URL(pkg.name.replace('/', '%2f'), registryUrl), { signal });
    if (response.status !== 404)
      failures.push(new RehearsalFailure(pkg.name, 'a private workspace was published'));
  }
  return failures;
}

/**
 * The version the workspace catalog pins for `name` (pnpm-workspace.yaml), so the consumer uses
 * the same `@types/node` as the packages.
 *
 * @param {string} repository
 * @param {string} name
 */
async function catalogVersion(repository, name) {
  const workspace = await readFile(path.join(repository, 'pnpm-workspace.yaml'), 'utf8');
  const escaped = name.replace(/[/.@-]/g, '\\$&');
  const match = new RegExp(`^\\s+["']?${escaped}["']?:\\s*["']?([^\\s"']+)`, 'm').exec(workspace);
  if (match?.[1] === undefined)
    throw new RehearsalFailure(null, `pnpm-workspace.yaml's catalog has no ${name}`);
  return match[1];
}

/**
 * @param {Record<string, string>} [overrides]
 */
function turboEnvironment(overrides = {}) {
  return childEnvironment({
    TURBO_TELEMETRY_DISABLED: '1',
    TURBO_NO_UPDATE_NOTIFIER: '1',
    DO_NOT_TRACK: '1',
    ...overrides,
  });
}

/**
 * @param {unknown} error
 * @returns {RehearsalFailure[]}
 */
function asFailures(error) {
  if (error instanceof RehearsalFailures) return [...error.failures];
  if (error instanceof RehearsalFailure) return [error];
  if (error instanceof CommandError)
    return [new RehearsalFailure(null, error.message, { detail: outputTail(error.output), cause: error })];
  return [
    new RehearsalFailure(null, error instanceof Error ? (error.stack ?? error.message) : String(error), {
      cause: error,
    }),
  ];
}

/** @param {number} ms */
export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}
