import { sharedVitestConfig } from '@ws-compat/vitest-config';

// Typed rule tests start a TypeScript project service; the first one on a shared machine is slow.
export default sharedVitestConfig({ testTimeout: 60_000 });
