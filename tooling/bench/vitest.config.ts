import { sharedVitestConfig } from '@ws-compat/vitest-config';

export default sharedVitestConfig();
