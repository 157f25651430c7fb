/** Lines of context around each change, as `diff -u` prints. */
const CONTEXT = 3;
/** Above this many cells the middle is shown as one replaced block instead of a minimal diff. */
const MAX_TABLE = 4_000_000;

type Edit = { readonly kind: ' ' | '-' | '+'; readonly text: string };

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function middleEdits(before: readonly string[], after: readonly string[]): Edit[] {
  const n = before.length;
  const m = after.length;
  if (n * m > MAX_TABLE) {
    return [
      ...before.map((text) => ({ kind: '-' as const, text })),
      ...after.map((text) => ({ kind: '+' as const, text })),
    ];
  }
  // Longest common subsequence table, filled from the end.
  const width = m + 1;
  const table = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let k = m - 1; k >= 0; k--) {
      table[i * width + k] =
        before[i] === after[k]
          ? (table[(i + 1) * width + k + 1] as number) + 1
          : Math.max(table[(i + 1) * width + k] as number, table[i * width + k + 1] as number);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let k = 0;
  while (i < n && k < m) {
    if (before[i] === after[k]) {
      edits.push({ kind: ' ', text: before[i] as string });
      i++;
      k++;
    } else if ((table[(i + 1) * width + k] as number) >= (table[i * width + k + 1] as number)) {
      edits.push({ kind: '-', text: before[i++] as string });
    } else {
      edits.push({ kind: '+', text: after[k++] as string });
    }
  }
  while (i < n) edits.push({ kind: '-', text: before[i++] as string });
  while (k < m) edits.push({ kind: '+', text: after[k++] as string });
  return edits;
}

/**
 * A unified diff of two texts (`--- a/path`, `+++ b/path`, `@@` hunks with three lines of context),
 * empty when they are equal.
 *
 * @param path the file name shown in the header.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const edits: Edit[] = [
    ...a.slice(0, start).map((text) => ({ kind: ' ' as const, text })),
    ...middleEdits(a.slice(start, endA), b.slice(start, endB)),
    ...a.slice(endA).map((text) => ({ kind: ' ' as const, text })),
  ];
  const out = [`--- a/${path}`, `+++ b/${path}`];
  let index = 0;
  while (index < edits.length) {
    while (index < edits.length && (edits[index] as Edit).kind === ' ') index++;
    if (index >= edits.length) break;
    let hunkStart = Math.max(0, index - CONTEXT);
    let hunkEnd = index;
    // Extend while the next change is within twice the context.
    for (;;) {
      while (hunkEnd < edits.length && (edits[hunkEnd] as Edit).kind !== ' ') hunkEnd++;
      let next = hunkEnd;
      while (next < edits.length && (edits[next] as Edit).kind === ' ') next++;
      if (next < edits.length && next - hunkEnd <= CONTEXT * 2) {
        hunkEnd = next;
        continue;
      }
      hunkEnd = Math.min(edits.length, hunkEnd + CONTEXT);
      break;
    }
    let oldLine = 1;
    let newLine = 1;
    for (let i = 0; i < hunkStart; i++) {
      const kind = (edits[i] as Edit).kind;
      if (kind !== '+') oldLine++;
      if (kind !== '-') newLine++;
    }
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    for (let i = hunkStart; i < hunkEnd; i++) {
      const edit = edits[i] as Edit;
      body.push(edit.kind + edit.text);
      if (edit.kind !== '+') oldCount++;
      if (edit.kind !== '-') newCount++;
    }
    out.push(
      `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`,
      ...body,
    );
    index = hunkEnd;
    hunkStart = hunkEnd;
  }
  return `${out.join('\n')}\n`;
}
