import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SpawnPlan } from './processes.js';

const run = promisify(execFile);

/** A client or server outside Node: a small program speaking the line protocol (child/lines.ts). */
export interface ProgramSpec {
  language: 'python' | 'go';
  /** python: a file in adapters/python/; go: a package folder in adapters/go/ */
  program: string;
  args?: readonly string[];
}

/**
 * Debian's Python: the `python3` on PATH may be another one (pyenv) that cannot import Debian's
 * dist-packages. `CONFORMANCE_PYTHON` overrides it.
 */
export const PYTHON_PATH = process.env['CONFORMANCE_PYTHON'] ?? '/usr/bin/python3';
export const GO_PATH = process.env['CONFORMANCE_GO'] ?? '/usr/bin/go';
/** Debian's Go sources (golang-github-gorilla-websocket-dev): the Go adapters build offline from them. */
export const GO_SOURCES = '/usr/share/gocode';

const APT_HINT =
  'apt-get install -y --no-install-recommends $(cat apps/conformance/debian-packages.txt), as .ci/run does';

/** Why a language's programs cannot run here, or null. */
export function programProblem(language: ProgramSpec['language']): string | null {
  if (language === 'python')
    return existsSync(PYTHON_PATH) ? null : `Python is not installed at ${PYTHON_PATH} (${APT_HINT})`;
  if (!existsSync(GO_PATH)) return `Go is not installed at ${GO_PATH} (${APT_HINT})`;
  if (!existsSync(join(GO_SOURCES, 'src/github.com/gorilla/websocket')))
    return `gorilla/websocket sources are not in ${GO_SOURCES} (${APT_HINT})`;
  return null;
}

const goBuilds = new Map<string, Promise<string>>();

/**
 * Builds a Go adapter once per run, offline (GOPATH mode over Debian's sources, no module proxy),
 * into dist/go/; returns the binary's path. A build error rejects with the compiler's output.
 */
export function buildGoProgram(appDirectory: string, program: string): Promise<string> {
  let build = goBuilds.get(program);
  if (build === undefined) {
    build = (async () => {
      const out = join(appDirectory, 'dist', 'go');
      await mkdir(out, { recursive: true });
      const binary = join(out, program);
      const cache = join(
        process.env['WS_COMPAT_CACHE'] ?? join(homedir(), '.cache', 'ws-compat'),
        'go-build',
      );
      try {
        await run(GO_PATH, ['build', '-o', binary, `./${program}`], {
          cwd: join(appDirectory, 'adapters', 'go'),
          env: {
            ...process.env,
            GO111MODULE: 'off',
            GOPATH: `${join(out, 'gopath')}:${GO_SOURCES}`,
            GOCACHE: cache,
            GOPROXY: 'off',
            GOFLAGS: '',
            CGO_ENABLED: '0',
          },
          timeout: 180_000,
        });
      } catch (error) {
        const detail = (error as { stderr?: string }).stderr ?? String(error);
        throw new Error(`go build ./${program} failed: ${detail.trim().split('\n').slice(0, 3).join(' | ')}`);
      }
      return binary;
    })();
    goBuilds.set(program, build);
  }
  return build;
}

/** How to start a program adapter (building a Go one first). */
export async function programPlan(appDirectory: string, spec: ProgramSpec): Promise<SpawnPlan> {
  if (spec.language === 'python') {
    return {
      execPath: PYTHON_PATH,
      args: ['-u', join(appDirectory, 'adapters', 'python', spec.program), ...(spec.args ?? [])],
      transport: 'lines',
      env: { PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
    };
  }
  return {
    execPath: await buildGoProgram(appDirectory, spec.program),
    args: [...(spec.args ?? [])],
    transport: 'lines',
  };
}
