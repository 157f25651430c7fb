import { sharedVitestConfig } from '@ws-compat/vitest-config';

// The CLI tests run the built bin (worker pool included): global-setup builds it once into a cache folder.
export default sharedVitestConfig({ test: { globalSetup: ['src/_test/global-setup.ts'] } });
