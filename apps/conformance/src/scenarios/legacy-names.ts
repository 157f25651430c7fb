import type { HeaderOptionName } from '../child/protocol.js';
import { Checks, customLines, expectOpened } from './_checks.js';
import type { Scenario } from './_types.js';

const LEGACY: readonly HeaderOptionName[] = [
  'extraHeaders',
  'additionalHeaders',
  'extra_headers',
  'additional_headers',
];
const VALUE = { 'X-Legacy': 'same bytes', 'X-Second': '2' };

function warningsNaming(warnings: readonly string[], name: string): string[] {
  const pattern = new RegExp(`(^|[^A-Za-z_])${name}([^A-Za-z_]|$)`);
  return warnings.filter((warning) => pattern.test(warning) && /deprecat/i.test(warning));
}

export const legacyNames: Scenario = {
  id: 'legacy-names',
  title:
    'extraHeaders / additionalHeaders / extra_headers / additional_headers send what headers sends, one deprecation warning each',
  perServer: true,
  async run(cell) {
    const checks = new Checks();
    const baseline = await cell.attempt({
      path: '/legacy/headers',
      options: { headers: { shape: 'record', value: VALUE } },
    });
    if (!expectOpened(checks, baseline, 'headers')) return checks.verdict();
    const expected = customLines(baseline.request);
    let warnings: string[] = [];
    for (const name of LEGACY) {
      // twice: the warning must come once per process, not once per use
      for (const round of [1, 2]) {
        const record = await cell.attempt({
          path: `/legacy/${name}`,
          options: { [name]: { shape: 'record', value: VALUE } },
        });
        if (!expectOpened(checks, record, `${name} (use ${round})`)) return checks.verdict();
        checks.equal(customLines(record.request), expected, `${name} bytes vs headers`);
        warnings = record.outcome.warnings;
      }
    }
    for (const name of LEGACY) {
      const named = warningsNaming(warnings, name);
      checks.that(
        named.length === 1,
        `${named.length} deprecation warnings name ${name} (expected exactly 1 per process)${named.length > 1 ? `: ${named.join(' / ')}` : ''}`,
      );
    }
    return checks.verdict();
  },
};
