/**
 * The application/x-www-form-urlencoded serializer of the URL Standard, for one name or value: ASCII
 * alphanumerics and `*-._` stay, a space becomes `+`, everything else is UTF-8 percent-encoded with
 * uppercase hex. A lone surrogate is encoded as U+FFFD, as UTF-8 encoding requires.
 */

const HEX = '0123456789ABCDEF';

function isKept(c: number): boolean {
  // ALPHA / DIGIT / "*" / "-" / "." / "_"
  const lower = c | 32;
  return (
    (lower >= 97 && lower <= 122) || (c >= 48 && c <= 57) || c === 42 || c === 45 || c === 46 || c === 95
  );
}

function percent(byte: number): string {
  return '%' + HEX[byte >> 4] + HEX[byte & 15];
}

/**
 * Serializes one name or value the way `URLSearchParams#toString` does.
 *
 * @param s - the decoded name or value
 * @returns the percent-encoded form
 */
export function encodeComponent(s: string): string {
  let out = '';
  let run = 0;
  const length = s.length;
  for (let i = 0; i < length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80 && isKept(c)) continue;
    out += s.slice(run, i);
    run = i + 1;
    if (c === 32) {
      out += '+';
    } else if (c < 0x80) {
      out += percent(c);
    } else if (c < 0x800) {
      out += percent(0xc0 | (c >> 6)) + percent(0x80 | (c & 0x3f));
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          out +=
            percent(0xf0 | (cp >> 18)) +
            percent(0x80 | ((cp >> 12) & 0x3f)) +
            percent(0x80 | ((cp >> 6) & 0x3f)) +
            percent(0x80 | (cp & 0x3f));
          i++;
          run = i + 1;
          continue;
        }
        c = 0xfffd;
      }
      out += percent(0xe0 | (c >> 12)) + percent(0x80 | ((c >> 6) & 0x3f)) + percent(0x80 | (c & 0x3f));
    }
  }
  return out + s.slice(run);
}
