// @ts-check
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RehearsalFailure } from './rehearsal-failure.js';
import { CommandError, childEnvironment, outputTail, runCommand } from './run-command.js';

const FIXTURES = fileURLToPath(new URL('../consumer/', import.meta.url));
/**
 * The workspace's own TypeScript (the catalog version the packages are built and attw-checked
 * with): no 20 MB download per rehearsal, and the same compiler on every run.
 */
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * The three ways a consumer resolves our packages, each with the files it type-checks.
 * node16/nodenext see both `.d.mts` (from the `.mts` file) and `.d.cts` (from the `.cts` file).
 */
export const TYPE_CHECK_MODES = /** @type {const} */ ([
  {
    name: 'node16',
    module: 'node16',
    moduleResolution: 'node16',
    lib: ['es2022'],
    files: ['check.mts', 'check.cts'],
  },
  {
    name: 'nodenext',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    lib: ['es2022'],
    files: ['check.mts', 'check.cts'],
  },
  {
    name: 'bundler',
    module: 'esnext',
    moduleResolution: 'bundler',
    lib: ['es2022', 'dom'],
    files: ['check.ts'],
  },
]);

/**
 * @typedef {object} RegistryEnvironment
 * @property {string} url
 * @property {string} userconfig
 */

/**
 * Creates a fresh npm project (no workspace, no pnpm) and installs the released packages from the
 * local registry, pinned to the versions just published, plus `@types/node` through the uplink.
 * Then checks npm installed exactly those versions, once each: a dependent's range that missed a
 * sibling's new version would show up here as a second, nested copy or a failed install.
 *
 * @param {object} options
 * @param {string} options.directory
 * @param {RegistryEnvironment} options.registry
 * @param {readonly { name: string; version: string }[]} options.released
 * @param {string} options.typesNodeVersion
 * @param {AbortSignal} [options.signal]
 * @returns {Promise<RehearsalFailure[]>}
 */
export async function installConsumer({ directory, registry, released, typesNodeVersion, signal }) {
  await mkdir(directory, { recursive: true });
  await writeFile(
    path.join(directory, 'package.json'),
    `${JSON.stringify({ name: 'ws-compat-release-consumer', version: '1.0.0', private: true }, null, 2)}\n`,
  );
  for (const file of ['behaviour-checks.cjs', 'check-esm.mjs', 'check-cjs.cjs']) {
    await copyFile(path.join(FIXTURES, file), path.join(directory, file));
  }
  for (const extension of ['mts', 'cts', 'ts']) {
    await copyFile(path.join(FIXTURES, 'types-check.ts'), path.join(directory, `check.${extension}`));
  }
  for (const mode of TYPE_CHECK_MODES) {
    const tsconfig = {
      compilerOptions: {
        module: mode.module,
        moduleResolution: mode.moduleResolution,
        target: 'es2022',
        lib: mode.lib,
        types: ['node'],
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        noEmit: true,
      },
      files: mode.files,
    };
    await writeFile(
      path.join(directory, `tsconfig.${mode.name}.json`),
      `${JSON.stringify(tsconfig, null, 2)}\n`,
    );
  }

  const specs = released.map((pkg) => `${pkg.name}@${pkg.version}`);
  try {
    await runCommand(
      'npm',
      ['install', '--no-audit', '--no-fund', '--save-exact', ...specs, `@types/node@${typesNodeVersion}`],
      { cwd: directory, env: registryEnvironment(registry, directory), ...(signal ? { signal } : {}) },
    );
  } catch (error) {
    const output = error instanceof CommandError ? error.output : String(error);
    const culprit = released.find((pkg) => output.includes(pkg.name));
    return [
      new RehearsalFailure(
        culprit?.name ?? null,
        `npm install from the local registry failed: ${firstNpmError(output)}`,
        {
          detail: outputTail(output),
          cause: error,
        },
      ),
    ];
  }

  /** @type {RehearsalFailure[]} */
  const failures = [];
  for (const pkg of released) {
    const manifestPath = path.join(directory, 'node_modules', ...pkg.name.split('/'), 'package.json');
    const installed = existsSync(manifestPath)
      ? JSON.parse(await readFile(manifestPath, 'utf8')).version
      : null;
    if (installed !== pkg.version) {
      failures.push(
        new RehearsalFailure(pkg.name, `npm installed ${installed ?? 'nothing'}, expected ${pkg.version}`),
      );
    }
    for (const dependent of released) {
      const nested = path.join(
        directory,
        'node_modules',
        ...dependent.name.split('/'),
        'node_modules',
        ...pkg.name.split('/'),
      );
      if (existsSync(nested)) {
        failures.push(
          new RehearsalFailure(
            dependent.name,
            `npm nested a second ${pkg.name} under it: its dependency range does not accept ${pkg.name}@${pkg.version}`,
          ),
        );
      }
    }
  }
  return failures;
}

/**
 * Runs the ESM and the CommonJS consumer script on one Node binary and turns every failed check
 * into a failure naming the package.
 *
 * @param {object} options
 * @param {string} options.directory
 * @param {string} options.nodePath
 * @param {string} options.label       e.g. `node 18.20.8`
 * @param {AbortSignal} [options.signal]
 * @returns {Promise<{ passed: number; failures: RehearsalFailure[] }>}
 */
export async function runBehaviour({ directory, nodePath, label, signal }) {
  let passed = 0;
  /** @type {RehearsalFailure[]} */
  const failures = [];
  for (const { kind, script } of [
    { kind: 'ESM', script: 'check-esm.mjs' },
    { kind: 'CJS', script: 'check-cjs.cjs' },
  ]) {
    const result = await runCommand(nodePath, [script], {
      cwd: directory,
      env: childEnvironment({ NODE_OPTIONS: undefined }),
      allowFailure: true,
      ...(signal ? { signal } : {}),
    });
    const lines = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) =>
          /** @type {{ package: string; check: string; ok: boolean; problem?: string }} */ (JSON.parse(line)),
      );
    for (const line of lines) {
      if (line.ok) passed += 1;
      else {
        failures.push(
          new RehearsalFailure(line.package, `${line.check}: ${line.problem}`, {
            where: `${kind} on ${label}`,
          }),
        );
      }
    }
    if (result.code !== 0 && lines.every((line) => line.ok)) {
      // the script died before or between checks, e.g. a module that does not load
      const output = `${result.stdout}\n${result.stderr}`;
      const culprit = /@ws-compat\/[a-z-]+/.exec(result.stderr)?.[0] ?? null;
      const reason =
        result.stderr
          .split('\n')
          .find((line) => /Error|error:/.test(line))
          ?.trim() ?? `exit code ${result.code}`;
      failures.push(
        new RehearsalFailure(culprit, `${script} failed: ${reason}`, {
          where: `${kind} on ${label}`,
          detail: outputTail(output),
        }),
      );
    }
  }
  return { passed, failures };
}

/**
 * `tsc --noEmit` in the consumer project once per resolution mode. Each error is attributed to the
 * package it names or whose declaration file it is in.
 *
 * @param {{ directory: string; signal?: AbortSignal }} options
 * @returns {Promise<RehearsalFailure[]>}
 */
export async function checkConsumerTypes({ directory, signal }) {
  /** @type {RehearsalFailure[]} */
  const failures = [];
  for (const mode of TYPE_CHECK_MODES) {
    const result = await runCommand(process.execPath, [TSC, '--noEmit', '-p', `tsconfig.${mode.name}.json`], {
      cwd: directory,
      allowFailure: true,
      ...(signal ? { signal } : {}),
    });
    if (result.code === 0) continue;
    const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    if (errors.length === 0) {
      failures.push(
        new RehearsalFailure(null, `tsc (${mode.name}) failed`, {
          detail: outputTail(result.stdout + result.stderr),
        }),
      );
    }
    for (const error of errors) {
      // "check.mts(6,3): error TS2305: Module ... has no exported member 'x'."
      const match = /^(?<file>[^(]+)\(\d+,\d+\): error (?<message>.*)$/.exec(error.trim());
      const message = match?.groups?.['message'] ?? error.trim();
      const file = match?.groups?.['file'] ?? '';
      const culprit = /@ws-compat\/[a-z-]+/.exec(error)?.[0] ?? null;
      const inTypes = file.includes('node_modules') ? ` in ${file.slice(file.indexOf('node_modules'))}` : '';
      const where = file.includes('node_modules') ? mode.name : `${mode.name} ${path.extname(file)}`;
      failures.push(new RehearsalFailure(culprit, `tsc: ${message}${inTypes}`, { where }));
    }
  }
  return failures;
}

/**
 * The environment of npm in the consumer: the local registry and its token from a temporary npmrc,
 * and a cache inside the temporary directory so nothing published here lingers in ~/.npm.
 *
 * @param {RegistryEnvironment} registry
 * @param {string} directory
 */
function registryEnvironment(registry, directory) {
  return childEnvironment({
    npm_config_registry: registry.url,
    npm_config_userconfig: registry.userconfig,
    npm_config_cache: path.join(directory, '.npm-cache'),
    npm_config_update_notifier: 'false',
  });
}

/**
 * @param {string} output
 */
function firstNpmError(output) {
  const line = output
    .split('\n')
    .find(
      (candidate) => candidate.startsWith('npm error') && !/npm error (code|A complete log)/.test(candidate),
    );
  return line?.replace(/^npm error\s*/, '') ?? 'see the output';
}
