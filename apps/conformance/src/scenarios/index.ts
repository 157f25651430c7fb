import type { Scenario } from './_types.js';
import { bearer } from './bearer.js';
import { context } from './context.js';
import { failureSettles } from './failure-settles.js';
import { headerShapes } from './header-shapes.js';
import { headersArrive } from './headers-arrive.js';
import { hostTarget } from './host-target.js';
import { injectionRefused } from './injection-refused.js';
import { legacyNames } from './legacy-names.js';
import { multiProtocol } from './multi-protocol.js';
import { query } from './query.js';
import { reservedRefused } from './reserved-refused.js';
import { subprotocol } from './subprotocol.js';
import { tokenOnlyOffer } from './token-only-offer.js';
import { tokenSurvives } from './token-survives.js';

export type { CellContext, Scenario } from './_types.js';

/** Every scenario, in report order. */
export const scenarios: readonly Scenario[] = [
  headersArrive,
  subprotocol,
  failureSettles,
  multiProtocol,
  reservedRefused,
  injectionRefused,
  legacyNames,
  headerShapes,
  bearer,
  query,
  context,
  tokenOnlyOffer,
  tokenSurvives,
  hostTarget,
];
