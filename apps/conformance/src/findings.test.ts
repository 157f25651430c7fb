import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { cell, sampleMatrix } from './_test-matrix.js';
import { clientAdapters } from './clients/index.js';
import { type Finding, findings } from './findings.js';
import { shownBy } from './report/docs.js';
import { serverAdapters } from './servers/index.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
// an expected-fail cell's reason is the declared reasons, then `[observed: <what the scenario saw>]`,
// which the declaration's `observed` names
const declaredTexts = [...clientAdapters, ...serverAdapters].flatMap((adapter) =>
  adapter.expectedFailures.flatMap((declaration) => [declaration.reason, declaration.observed ?? '']),
);

describe('findings', () => {
  test('ids are unique', () => {
    const ids = findings.map((finding) => finding.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(findings.filter((finding) => finding.evidence !== null).map((finding) => [finding.id, finding]))(
    '%s: its evidence is in a declaration, so the page can count its cells',
    (_id, finding) => {
      expect(declaredTexts.some((text) => text.includes(finding.evidence!))).toBe(true);
    },
  );

  test.each(findings.filter((finding) => finding.evidence === null).map((finding) => [finding.id, finding]))(
    '%s: no cell shows it, so it names the file that works around it',
    (_id, finding) => {
      expect(finding.workedAroundIn).toBeDefined();
      expect(existsSync(join(repoRoot, finding.workedAroundIn!))).toBe(true);
    },
  );
});

describe('shownBy', () => {
  const base: Finding = { id: 'x', implementations: 'x', what: 'x', evidence: 'the bug', workaround: 'x' };
  const matrix = sampleMatrix([
    cell('a', 'b', 's', 'expected-fail', 'declared: the bug here'),
    cell('a', 'c', 's', 'expected-fail', 'the bug again'),
    cell('a', 'd', 's', 'fail', 'the bug, undeclared'),
    cell('a', 'e', 's', 'expected-fail', 'another one'),
  ]);
  test.each<[string, Finding, string]>([
    ['two expected-fail cells carry the evidence', base, '2 cells in this matrix.'],
    ['one cell', { ...base, evidence: 'declared: the bug' }, '1 cell in this matrix.'],
    ['none', { ...base, evidence: 'absent' }, '0 cells in this matrix.'],
    [
      'no evidence: where it is worked around',
      { ...base, evidence: null, workedAroundIn: 'src/x.ts' },
      'met while wiring the adapter, which works around it (src/x.ts): no cell shows it.',
    ],
  ])('%s', (_name, finding, expected) => {
    expect(shownBy(finding, matrix)).toBe(expected);
  });
});
