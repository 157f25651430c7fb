// @ts-check
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { NodeRuntimeError } from './errors.js';

/** The expected hash came from the registry's own metadata. */
const REGISTRY_ORIGIN = {
  source: "the registry's sha512",
  advice: 'retry, and check the registry or proxy if it happens again.',
};

/**
 * Checks a file against an SRI string from registry metadata (`sha512-<base64>`, possibly several
 * space-separated hashes); only sha512 counts, weaker algorithms are not accepted.
 *
 * @param {string} filePath
 * @param {string} integrity
 * @param {string} label what the file is, for the error message
 * @param {{ source: string; advice: string }} [origin] where the expected hash came from and what to do
 *   on a mismatch, for the error message
 * @returns {Promise<void>}
 * @throws {NodeRuntimeError} `INTEGRITY_MISSING` without a sha512 entry, `INTEGRITY_MISMATCH` when no entry matches
 */
export async function verifyIntegrity(filePath, integrity, label, origin = REGISTRY_ORIGIN) {
  const expected = integrity
    .split(/\s+/)
    .filter((entry) => entry.startsWith('sha512-'))
    .map((entry) => entry.slice('sha512-'.length).split('?')[0]);
  if (expected.length === 0) {
    throw new NodeRuntimeError(
      'INTEGRITY_MISSING',
      `No sha512 integrity for ${label} (got "${integrity}"); refusing to install an unverified runtime.`,
    );
  }
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(filePath)) hash.update(/** @type {Buffer} */ (chunk));
  const actual = hash.digest('base64');
  if (!expected.includes(actual)) {
    throw new NodeRuntimeError(
      'INTEGRITY_MISMATCH',
      `The tarball of ${label} does not match ${origin.source} (expected ${expected[0]}, got ${actual}). It was deleted; ${origin.advice}`,
    );
  }
}
