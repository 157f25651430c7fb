export { QueryParamsError, type QueryParamsErrorCode } from './errors.js';
