// @ts-check
export { compare, compareAsync, cpuNow, summarize, withAaControl } from './compare.js';
export { benchArguments, formatComparison, formatTime } from './format.js';
export { median, medianInterval, quantile, rotation, spread } from './statistics.js';
export { blockOrder, compareThroughput } from './throughput.js';
