import { sharedVitestConfig } from './index.js';

export default sharedVitestConfig({ include: ['*.test.ts'], test: { typecheck: { enabled: false } } });
