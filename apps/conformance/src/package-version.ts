import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The installed version of a package, also when its `exports` hide `package.json` (hono): from the
 * resolved entry, up to the package.json that names the package.
 */
export function readPackageVersion(require: NodeRequire, packageName: string): string {
  try {
    return (require(`${packageName}/package.json`) as { version: string }).version;
  } catch {
    let directory = dirname(require.resolve(packageName));
    for (;;) {
      const file = join(directory, 'package.json');
      if (existsSync(file)) {
        const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (json.name === packageName && typeof json.version === 'string') return json.version;
      }
      const parent = dirname(directory);
      if (parent === directory) throw new Error(`no package.json of ${packageName} above its entry`);
      directory = parent;
    }
  }
}
