// @ts-check

/**
 * @typedef {object} Spread a sample summarized by its middle and its spread
 * @property {number} median
 * @property {number} p25 lower quartile
 * @property {number} p75 upper quartile
 * @property {number} min
 * @property {number} max
 * @property {number} count
 */

/**
 * The q-quantile (0..1) of a non-empty list, linear between the two nearest ranks.
 *
 * @param {readonly number[]} values
 * @param {number} q
 * @returns {number}
 */
export function quantile(values, q) {
  if (values.length === 0) throw new RangeError('quantile of an empty list: measure at least one round');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile q must be within 0..1, got ${q}`);
  const sorted = [...values].sort((x, y) => x - y);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = /** @type {number} */ (sorted[lower]);
  const high = /** @type {number} */ (sorted[upper]);
  return low + (high - low) * (position - lower);
}

/**
 * The median of a non-empty list (the mean of the two middle values when the count is even).
 *
 * @param {readonly number[]} values
 */
export function median(values) {
  return quantile(values, 0.5);
}

/**
 * Median, quartiles and range of a non-empty list.
 *
 * @param {readonly number[]} values
 * @returns {Spread}
 */
export function spread(values) {
  return {
    median: quantile(values, 0.5),
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    min: Math.min(...values),
    max: Math.max(...values),
    count: values.length,
  };
}

/**
 * The order in which `count` tasks run in `round`: a rotation, so over `count` rounds every task runs
 * once in every position and never always right after the same neighbour's garbage.
 *
 * @param {number} count
 * @param {number} round
 * @returns {number[]}
 */
export function rotation(count, round) {
  const shift = ((round % count) + count) % count;
  return Array.from({ length: count }, (_, step) => (step + shift) % count);
}
