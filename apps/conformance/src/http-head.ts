/** One header line of a recorded request or response, bytes kept as Latin-1 (one char per byte). */
export interface HeadLine {
  name: string;
  /** the raw value bytes as a Latin-1 string, untrimmed after the single optional space */
  value: string;
}

export interface ParsedHead {
  startLine: string;
  headers: HeadLine[];
  /** the whole head including the final CRLFCRLF, as Latin-1 */
  raw: string;
}

/**
 * Splits the HTTP head (up to the first CRLFCRLF) of recorded bytes into its start line and header
 * lines, exactly as sent: names keep their case, values keep every byte. Null when no complete head.
 */
export function parseHead(bytes: Buffer): ParsedHead | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const raw = bytes.subarray(0, end + 4).toString('latin1');
  const lines = raw.slice(0, end).split('\r\n');
  const startLine = lines.shift() ?? '';
  const headers: HeadLine[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon === -1) {
      headers.push({ name: line, value: '' });
      continue;
    }
    const value = line.slice(colon + 1);
    headers.push({ name: line.slice(0, colon), value: value.startsWith(' ') ? value.slice(1) : value });
  }
  return { startLine, headers, raw };
}

/** Every line of a header (case-insensitive name), in order. */
export function headerLines(head: ParsedHead, name: string): HeadLine[] {
  const wanted = name.toLowerCase();
  return head.headers.filter((line) => line.name.toLowerCase() === wanted);
}

/** The status code of a response head, or null. */
export function statusCode(head: ParsedHead): number | null {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(head.startLine);
  return match ? Number(match[1]) : null;
}

/** Shows a Latin-1 byte string with non-printable and non-ASCII bytes escaped, for messages. */
export function showBytes(value: string): string {
  let shown = '';
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    shown += code >= 0x20 && code < 0x7f ? value[index] : `\\x${code.toString(16).padStart(2, '0')}`;
  }
  return shown;
}
