import { packageBuildConfig } from '@ws-compat/build-config';

// The shared build with the bin and the pool's worker as extra entries; Node only (worker threads, fs).
export default packageBuildConfig({
  entry: ['src/index.ts', 'src/bin.ts', 'src/worker.ts'],
  platform: 'node',
});
