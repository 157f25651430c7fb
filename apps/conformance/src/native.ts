import type {
  AttemptSpec,
  HeaderShape,
  NativeAttemptSpec,
  NativeRequestView,
  ServerContextReport,
} from './child/protocol.js';
import { BEARER_PREFIX } from './scenarios/_fixtures.js';

const HEADER_OPTION_NAMES = [
  'headers',
  'extraHeaders',
  'additionalHeaders',
  'extra_headers',
  'additional_headers',
] as const;

function pairsOf(shape: HeaderShape): [string, string][] {
  const entries = shape.shape === 'record' ? Object.entries(shape.value) : shape.entries;
  return entries.flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((single): [string, string] => [name, single]),
  );
}

/**
 * What a user of a client outside Node writes for the attempt: every header option (header-options'
 * names are all "the headers" there) as pairs, the bearer token as `Authorization: Bearer` (or, when
 * the scenario forces the browser path, as the bearer subprotocol after the app protocols), origin
 * through the client's own option. header-options' validation does not apply: the client's API
 * decides what it refuses.
 */
export function toNativeSpec(spec: AttemptSpec): NativeAttemptSpec {
  const { options } = spec;
  const headers: [string, string][] = [];
  for (const name of HEADER_OPTION_NAMES) {
    const shape = options[name];
    if (shape !== undefined) headers.push(...pairsOf(shape));
  }
  const protocols =
    options.protocols === undefined
      ? []
      : typeof options.protocols === 'string'
        ? [options.protocols]
        : [...options.protocols];
  if (options.bearer !== undefined) {
    if (options.implementation === 'browser') {
      protocols.push(`${BEARER_PREFIX}${Buffer.from(options.bearer, 'utf8').toString('base64url')}`);
    } else headers.push(['Authorization', `Bearer ${options.bearer}`]);
  }
  return {
    url: spec.url,
    headers,
    protocols,
    origin: options.origin ?? null,
    timeoutMs: spec.timeoutMs,
    exchange: spec.exchange,
  };
}

function isIpv4(address: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(address);
}

/**
 * The context a scenario reads, from what a native server's API gave its handler: the fields an app
 * on that server would use. No trust rules of our own: the address is the API's (with the server's
 * own proxy support, where it has one), `forwardedFor` is the X-Forwarded-For header as sent, and
 * `viaProxy` says the API's address came from it. The token is read the way an app would: the
 * `Authorization: Bearer` header, else the bearer subprotocol in the API's offer, decoded.
 */
export function contextFromNative(view: NativeRequestView): ServerContextReport {
  const header = (name: string): string | null =>
    view.headers.find(([key]) => key.toLowerCase() === name)?.[1] ?? null;
  const offered = view.offered ?? [];
  const isToken = (protocol: string): boolean =>
    protocol.toLowerCase().startsWith(BEARER_PREFIX.toLowerCase());
  const authorization = header('authorization');
  const tokenOffer = offered.find(isToken);
  let auth: ServerContextReport['auth'] = null;
  if (authorization !== null && /^bearer /i.test(authorization)) {
    auth = { scheme: 'Bearer', token: authorization.slice(7), source: 'header' };
  } else if (tokenOffer !== undefined) {
    const token = Buffer.from(tokenOffer.slice(BEARER_PREFIX.length), 'base64url').toString('utf8');
    auth = { scheme: 'Bearer', token, source: 'subprotocol' };
  }
  const forwardedFor = (header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  const address = view.client.address;
  const query = view.query ?? [];
  return {
    id: '',
    url: view.target,
    path: view.path,
    query,
    queryProto: query.find(([name]) => name === '__proto__')?.[1] ?? null,
    headers: view.headers,
    origin: header('origin'),
    host: view.host,
    userAgent: header('user-agent'),
    subprotocols: offered.filter((protocol) => !isToken(protocol)),
    auth,
    client: {
      address,
      port: view.client.port,
      family: address === null ? null : isIpv4(address) ? 'IPv4' : 'IPv6',
      forwardedFor,
      viaProxy: address !== null && forwardedFor.includes(address),
    },
    secure: false,
    json: '',
  };
}
