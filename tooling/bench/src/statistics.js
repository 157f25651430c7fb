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
 * @typedef {object} Interval a distribution-free confidence interval for a median
 * @property {number} low
 * @property {number} high
 * @property {number} confidence the interval's actual coverage (order statistics give discrete levels;
 *   at least the requested one whenever the sample is large enough, else what [min, max] gives)
 */

/**
 * The confidence interval of the median of a non-empty list from order statistics, with no assumption
 * about the distribution: [x(j), x(n-1-j)] (sorted, 0-based) covers the true median with probability
 * 1 - 2 P(B <= j), B ~ Binomial(n, 1/2); the narrowest such interval that reaches `confidence`.
 * With 15 values and 0.95 it is the 4th to the 12th value; with 45 values, the 16th to the 30th.
 *
 * @param {readonly number[]} values
 * @param {number} [confidence] between 0 and 1, default 0.95
 * @returns {Interval}
 * @throws {RangeError} for an empty list or a confidence outside (0, 1)
 */
export function medianInterval(values, confidence = 0.95) {
  if (values.length === 0)
    throw new RangeError('medianInterval of an empty list: measure at least one round');
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`medianInterval confidence must be between 0 and 1 (exclusive), got ${confidence}`);
  }
  const sorted = [...values].sort((x, y) => x - y);
  const n = sorted.length;
  // P(B = i) for B ~ Binomial(n, 1/2), built in log space so that large n does not underflow
  let logChoose = 0;
  let below = 0; // P(B <= j)
  let j = -1;
  for (let i = 0; i < Math.floor(n / 2); i++) {
    if (i > 0) logChoose += Math.log((n - i + 1) / i);
    const next = below + Math.exp(logChoose - n * Math.LN2);
    if (1 - 2 * next < confidence) break;
    below = next;
    j = i;
  }
  if (j === -1) {
    // too few values for `confidence`: the widest interval there is
    return {
      low: /** @type {number} */ (sorted[0]),
      high: /** @type {number} */ (sorted[n - 1]),
      confidence: 1 - 2 * 0.5 ** n,
    };
  }
  return {
    low: /** @type {number} */ (sorted[j]),
    high: /** @type {number} */ (sorted[n - 1 - j]),
    confidence: 1 - 2 * below,
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
