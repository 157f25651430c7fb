import { expect } from 'vitest';
import { HeaderOptionsError } from '../errors.js';

/**
 * Runs `run` and returns the code and message of the {@link HeaderOptionsError} it threw, or
 * `undefined` when it did not throw; any other error fails the test.
 */
export function failure(run: () => unknown): { code: string; message: string } | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HeaderOptionsError);
    const { code, message } = error as HeaderOptionsError;
    return { code, message };
  }
  return undefined;
}

/** The tail every INVALID_TOKEN message ends with: why the token cannot go in the header, and the fix. */
export const NOT_A_B64TOKEN =
  "which an RFC 6750 bearer token (b64token: letters, digits, -._~+/ and trailing =) cannot have, so it cannot go in the Authorization header. Encode the token (e.g. base64url), or send it in the bearer subprotocol, which carries any token: the subprotocol fallback does that where headers cannot be sent (browsers, implementation: 'browser'), and protocols: ['your-protocol', bearerSubprotocol.encode(token)] does it on any implementation";
