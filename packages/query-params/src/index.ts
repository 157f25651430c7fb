export { QueryParamsError, type QueryParamsErrorCode } from './errors.js';
export type { QueryInput } from './input.js';
export type { QueryOptions } from './options.js';
export { parseQuery, type TryParseQueryResult, tryParseQuery } from './parse.js';
export { type DuplicatePolicy, QueryParams, type ToObjectOptions } from './query-params.js';
