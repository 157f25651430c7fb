// Lints the generated project with only this plugin's rules, for a CPU profile of the plugin's own code:
// `node --cpu-prof --cpu-prof-dir <dir> bench/profile.mjs`, then read the self time of dist/index.mjs's
// functions (bench/profile-summary.mjs <dir>/*.cpuprofile).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import plugin from '../dist/index.mjs';
import { writeProject } from './project.mjs';

const root = mkdtempSync(join(tmpdir(), 'ws-compat-eslint-profile-'));
try {
  writeProject(root, 2000);
  const overrideConfig = [
    { files: ['**/*.js'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
    { files: ['**/*.js'], plugins: { '@ws-compat': plugin }, rules: plugin.configs.strict.rules },
  ];
  for (let run = 0; run < 3; run++) {
    const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig, cache: false });
    await eslint.lintFiles(['src']);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
