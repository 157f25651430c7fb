// @ts-check

/**
 * @typedef {object} LoadPlan every count and time limit of one run
 * @property {'full' | 'quick'} name
 * @property {{ rounds: number; warmupRounds: number; perBlock: number; concurrency: number }} handshake
 *   A (bare) and B (context) blocks of `perBlock` handshakes each
 * @property {{ rounds: number; warmupRounds: number; perBlock: number; concurrency: number; nodeGlobalRounds: number }} connect
 *   per implementation: `rounds * perBlock` connects through each of `new WebSocket` (twice: the A/A
 *   arm) and `connect()`; Node's global WebSocket runs `nodeGlobalRounds` rounds instead
 * @property {{ connections: number; concurrency: number }} concurrency
 * @property {{ cycles: number; checkpointEvery: number; concurrency: number }} soak
 *   heap growth is measured from the first checkpoint to the last
 * @property {{ honest: number; hostilePerHonest: number; concurrency: number; stallConcurrency: number; handshakeTimeoutMs: number }} hostile
 */

/** The run the issue asks for: about 5 minutes on 2 cores. @type {LoadPlan} */
export const fullPlan = {
  name: 'full',
  handshake: { rounds: 20, warmupRounds: 1, perBlock: 1_000, concurrency: 32 },
  connect: { rounds: 20, warmupRounds: 1, perBlock: 500, concurrency: 16, nodeGlobalRounds: 40 },
  concurrency: { connections: 10_000, concurrency: 200 },
  soak: { cycles: 100_000, checkpointEvery: 10_000, concurrency: 32 },
  hostile: {
    honest: 5_000,
    hostilePerHonest: 4,
    concurrency: 32,
    stallConcurrency: 400,
    handshakeTimeoutMs: 2_000,
  },
};

/** A few hundred connections per part, seconds in all: what `pnpm test` runs. @type {LoadPlan} */
export const quickPlan = {
  name: 'quick',
  // Six servers in part 1 and three clients of three arms in part 2: few, small blocks keep the quick run short.
  handshake: { rounds: 3, warmupRounds: 1, perBlock: 60, concurrency: 16 },
  connect: { rounds: 3, warmupRounds: 1, perBlock: 30, concurrency: 8, nodeGlobalRounds: 3 },
  concurrency: { connections: 300, concurrency: 50 },
  soak: { cycles: 600, checkpointEvery: 100, concurrency: 16 },
  hostile: {
    honest: 60,
    hostilePerHonest: 4,
    concurrency: 16,
    stallConcurrency: 50,
    handshakeTimeoutMs: 500,
  },
};
