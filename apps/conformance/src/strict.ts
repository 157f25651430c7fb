/**
 * Whether this is a CI run: `CI` is set to anything but an empty string, `0` or `false` (GitHub
 * Actions, GitLab and most runners set `CI=true`; `.ci/run` sets it too). On CI nothing may be
 * skipped: the CLI behaves as with `--require-all`, and the test suites fail where they would skip.
 */
export function isCi(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const value = env['CI']?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}
