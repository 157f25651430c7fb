/** Where the shims live: the codemod's rewrites import them, the lint rules recognise calls into them. */
export const SHIM_MODULES = {
  headerOptions: '@ws-compat/header-options',
  queryParams: '@ws-compat/query-params',
  connectionContext: '@ws-compat/connection-context',
  socket: '@ws-compat/socket',
} as const;

/** Modules whose `parse(target)` is Node's legacy URL parser. */
export const URL_MODULES: readonly string[] = ['url', 'node:url'];

/** Node's querystring module under both its names (the codemod also reads `qs`, which parses the same shape). */
export const NODE_QUERYSTRING_MODULES: readonly string[] = ['querystring', 'node:querystring'];
