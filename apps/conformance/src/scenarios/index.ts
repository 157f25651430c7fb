import type { Scenario } from './_types.js';
import { bearer } from './bearer.js';
import { binaryRoundTrip } from './binary-round-trip.js';
import { closeBothWays } from './close-both-ways.js';
import { closeWhileConnecting } from './close-while-connecting.js';
import { context } from './context.js';
import { failureSettles } from './failure-settles.js';
import { fragmentedMessage } from './fragmented-message.js';
import { headerShapes } from './header-shapes.js';
import { headersArrive } from './headers-arrive.js';
import { hostTarget } from './host-target.js';
import { hostileFrames } from './hostile-frames.js';
import { injectionRefused } from './injection-refused.js';
import { invalidCloseRefused } from './invalid-close-refused.js';
import { largeMessage } from './large-message.js';
import { legacyNames } from './legacy-names.js';
import { multiProtocol } from './multi-protocol.js';
import { peerNeverCloses } from './peer-never-closes.js';
import { protocolError } from './protocol-error.js';
import { query } from './query.js';
import { rejectionResponse } from './rejection-response.js';
import { reservedRefused } from './reserved-refused.js';
import { splitProtocolLines } from './split-protocol-lines.js';
import { subprotocol } from './subprotocol.js';
import { textRoundTrip } from './text-round-trip.js';
import { throwingListener } from './throwing-listener.js';
import { tokenOnlyOffer } from './token-only-offer.js';
import { tokenSurvives } from './token-survives.js';
import { unofferedProtocol } from './unoffered-protocol.js';
import { unreachableSettles } from './unreachable-settles.js';

export type { CellContext, Scenario } from './_types.js';

/** Every scenario, in report order: the handshake, then the whole connection. */
export const scenarios: readonly Scenario[] = [
  headersArrive,
  subprotocol,
  failureSettles,
  unreachableSettles,
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
  rejectionResponse,
  splitProtocolLines,
  unofferedProtocol,
  textRoundTrip,
  binaryRoundTrip,
  fragmentedMessage,
  largeMessage,
  closeBothWays,
  invalidCloseRefused,
  protocolError,
  throwingListener,
  closeWhileConnecting,
  peerNeverCloses,
  hostileFrames,
];
