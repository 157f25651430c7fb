import { packageBuildConfig } from '@ws-compat/build-config';

export default packageBuildConfig({ platform: 'node' });
