import { expect, test } from 'vitest';
import { changelogSection, internalRangeProblem } from './versioning.js';

const changelog = `# @ws-compat/connection-context

## 0.2.0

### Minor Changes

- Release rehearsal.

### Patch Changes

- Updated dependencies
  - @ws-compat/query-params@0.2.0

## 0.1.0

- First.
`;

test('changelogSection returns one version, up to the next', () => {
  const section = changelogSection(changelog, '0.2.0');
  expect(section).toContain('@ws-compat/query-params@0.2.0');
  expect(section).not.toContain('First.');
  expect(changelogSection(changelog, '0.1.0')).toContain('First.');
  expect(changelogSection(changelog, '9.9.9')).toBeNull();
});

test.each([
  { range: 'workspace:^', version: '0.2.0', ok: true },
  { range: 'workspace:*', version: '0.2.0', ok: true },
  { range: 'workspace:^0.2.0', version: '0.2.0', ok: true },
  { range: '^0.2.0', version: '0.2.0', ok: true },
  { range: 'workspace:^0.1.0', version: '0.2.0', ok: false },
  { range: '0.1.0', version: '0.2.0', ok: false },
])('internal range $range with $version released: ok=$ok', ({ range, version, ok }) => {
  const problem = internalRangeProblem(range, version);
  if (ok) expect(problem).toBeNull();
  else expect(problem).toContain(`does not include the new version ${version}`);
});
