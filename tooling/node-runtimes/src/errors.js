// @ts-check

/** @typedef {import('./index.d.ts').NodeRuntimeErrorCode} NodeRuntimeErrorCode */

/**
 * Every failure of this package: a stable `code` to branch on and a message that names the input
 * and what to do about it.
 */
export class NodeRuntimeError extends Error {
  /**
   * @param {NodeRuntimeErrorCode} code
   * @param {string} message
   * @param {{ cause?: unknown }} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    this.name = 'NodeRuntimeError';
    /** @type {NodeRuntimeErrorCode} */
    this.code = code;
  }
}
