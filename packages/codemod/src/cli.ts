import { parseArgs } from 'node:util';
import { CodemodError } from './errors.js';
import { runCodemod } from './run.js';
import { isTransformSelection, TRANSFORM_NAMES } from './types.js';

/** Where the CLI writes; a test passes buffers, the bin passes the process streams. */
export interface CliIo {
  readonly cwd: string;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

/** The usage text `--help` prints. */
export const USAGE = `Usage: ws-compat-codemod <transform> <paths...> [--dry] [--print] [--json] [--workers <n>]

Transforms:
  ws8             ws 7 -> 8: decode text messages and close reasons, WebSocket.Server -> WebSocketServer,
                  ws.upgradeReq -> the connection handler's req
  client-options  raw constructor shapes and legacy header option names -> createWebSocket(...)
  request-query   new URL(req.url, base).searchParams and friends -> parseQuery(req)
  client-address  first X-Forwarded-For hop -> contextOf(ws, req).client.address (flagged for review)
  all             every transform above, in that order

Options:
  --dry           write nothing; print a unified diff of every change
  --print         print the new text of every changed file
  --json          print {"files":[{"path","status","notes"}]} on stdout, nothing else
  --workers <n>   worker threads (default: one per core)
  --help          this text

Exit code: 0 when it ran (changed or not); 1 on bad arguments or a file it could not parse.
`;

/**
 * Runs the command line: parses `argv` (without `node` and the script), runs the codemod and
 * reports. Resolves to the exit code; never throws for a bad argument.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return fail(io, error);
  }
  if (parsed === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  const { transform, paths, dry, print, json, workers } = parsed;
  const progress = !json && io.stderr.isTTY === true;
  let lastDrawn = 0;
  let result: Awaited<ReturnType<typeof runCodemod>>;
  try {
    result = await runCodemod({
      transform,
      paths,
      dry,
      print,
      cwd: io.cwd,
      ...(workers === undefined ? {} : { workers }),
      ...(progress
        ? {
            onProgress: (done: number, total: number) => {
              const now = Date.now();
              if (done !== total && now - lastDrawn < 100) return;
              lastDrawn = now;
              io.stderr.write(`\r${done}/${total} files`);
              if (done === total) io.stderr.write('\r\u001b[K');
            },
          }
        : {}),
    });
  } catch (error) {
    return fail(io, error);
  }
  const failed = result.files.filter((file) => file.status === 'failed').length;
  if (json) {
    const files = result.files.map(({ path, status, notes }) => ({ path, status, notes }));
    io.stdout.write(`${JSON.stringify({ files })}\n`);
    return failed > 0 ? 1 : 0;
  }
  const changed = result.files.filter((file) => file.status === 'changed');
  for (const file of changed) {
    if (file.diff !== undefined) io.stdout.write(file.diff);
    if (file.output !== undefined) {
      if (changed.length > 1) io.stdout.write(`==> ${file.path} <==\n`);
      io.stdout.write(file.output);
    }
  }
  for (const file of result.files) {
    for (const note of file.notes) io.stderr.write(`${file.path}:${note.line}: ${note.message}\n`);
  }
  const unchanged = result.files.length - changed.length - failed;
  io.stderr.write(
    `${changed.length} changed, ${unchanged} unchanged, ${failed} failed (${result.files.length} files)` +
      `${dry ? ' - dry run, nothing written' : ''}\n`,
  );
  return failed > 0 ? 1 : 0;
}

function parse(argv: readonly string[]) {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        dry: { type: 'boolean' },
        print: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        workers: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new CodemodError('UNKNOWN_OPTION', `${(error as Error).message}. Run with --help for the options.`);
  }
  if (values['help'] === true) return 'help' as const;
  const [transform, ...paths] = positionals;
  if (transform === undefined) {
    throw new CodemodError(
      'UNKNOWN_TRANSFORM',
      `No transform given: use one of ${[...TRANSFORM_NAMES, 'all'].join(', ')}.`,
    );
  }
  if (!isTransformSelection(transform)) {
    throw new CodemodError(
      'UNKNOWN_TRANSFORM',
      `Unknown transform ${JSON.stringify(transform)}: use one of ${[...TRANSFORM_NAMES, 'all'].join(', ')}.`,
    );
  }
  if (paths.length === 0)
    throw new CodemodError('MISSING_PATHS', 'No paths given: pass at least one file or folder to transform.');
  let workers: number | undefined;
  if (values['workers'] !== undefined) {
    workers = Number(values['workers']);
    if (!Number.isInteger(workers) || workers < 1) {
      throw new CodemodError(
        'INVALID_OPTION',
        `--workers must be a positive integer, got ${JSON.stringify(values['workers'])}.`,
      );
    }
  }
  return {
    transform,
    paths,
    dry: values['dry'] === true,
    print: values['print'] === true,
    json: values['json'] === true,
    workers,
  };
}

function fail(io: CliIo, error: unknown): number {
  if (error instanceof CodemodError) {
    io.stderr.write(`ws-compat-codemod: ${error.code}: ${error.message}\n\n${USAGE}`);
    return 1;
  }
  throw error;
}
