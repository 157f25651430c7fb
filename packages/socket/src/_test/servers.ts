// Test-only: ws 2-8 servers, each with what its server side cannot do (capability data).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface ServerCapabilities {
  /** Validates UTF-8 from the client (ws 2-6 without utf-8-validate deliver U+FFFD). */
  readonly validatesUtf8: boolean;
  /** Rejects an unmasked client frame (ws 2-6 accept it). */
  readonly requiresMask: boolean;
}

export interface ServerUnderTest {
  readonly id: string;
  /** `WebSocket.Server` of that major (every major has it; ws 8 also exports WebSocketServer). */
  readonly Server: new (options: {
    server: import('node:http').Server;
  }) => {
    on(event: 'connection', listener: (socket: unknown) => void): void;
    close(): void;
  };
  readonly capabilities: ServerCapabilities;
}

function ws(alias: string, capabilities: ServerCapabilities): () => ServerUnderTest {
  return () => ({
    id: `ws@${(require(`${alias}/package.json`) as { version: string }).version} server`,
    Server: (require(alias) as { Server: ServerUnderTest['Server'] }).Server,
    capabilities,
  });
}

const legacy = { validatesUtf8: false, requiresMask: false };
const strict = { validatesUtf8: true, requiresMask: true };

export const servers = {
  ws2: ws('ws2', legacy),
  ws3: ws('ws3', legacy),
  ws4: ws('ws4', legacy),
  ws5: ws('ws5', legacy),
  ws6: ws('ws6', legacy),
  ws7: ws('ws7', strict),
  ws8: ws('ws8', strict),
} as const;
