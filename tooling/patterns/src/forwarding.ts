/** Headers whose first hop is what a client says it is, not what the socket saw (lower case). The lint
 * rule also reads RFC 7239 `forwarded`; the codemod does not rewrite it (its `for=` syntax needs review). */
export const FIRST_HOP_HEADER_NAMES: readonly string[] = ['x-forwarded-for', 'x-real-ip'];
