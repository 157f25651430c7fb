import { defineConfig } from 'tsdown';

// Node 20 cannot run TypeScript and the children run on Node 18: build the CLI and both children for
// node18, and the attempt code once more for the browser page. Implementations and our packages stay
// external: they are loaded by the runtime under test, never bundled.
const external = [
  /^ws\d$/,
  /^undici\d$/,
  /^@ws-compat\//,
  'playwright-core',
  'puppeteer-core',
  /^hono/,
  /^@hono\//,
  'websocket',
  'crossws',
  /^fastify/,
  /^@fastify\//,
  'faye-websocket',
  'partysocket',
];

export default defineConfig([
  {
    entry: {
      cli: 'src/cli.ts',
      'client-child': 'src/child/client-child.ts',
      'server-child': 'src/child/server-child.ts',
    },
    format: ['esm'],
    platform: 'node',
    target: 'node18',
    outDir: 'dist',
    fixedExtension: true,
    clean: true,
    dts: false,
    sourcemap: false,
    external,
  },
  {
    entry: { attempt: 'src/child/attempt.ts', connection: 'src/child/connection.ts' },
    format: ['esm'],
    platform: 'browser',
    target: 'chrome120',
    outDir: 'dist/browser',
    fixedExtension: true,
    clean: false,
    dts: false,
    sourcemap: false,
    external,
  },
]);
