import { packageBuildConfig } from '@ws-compat/build-config';

// node:crypto (randomUUID) and node:http types: a Node-only package.
export default packageBuildConfig({ platform: 'node' });
