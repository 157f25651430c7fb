import { renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';

let counter = 0;

/**
 * Replaces `path`'s content in one step: the text goes to a temporary file beside it (same mode),
 * which is then renamed over the original, so a reader never sees half a file.
 */
export function writeFileAtomic(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.${counter++}.ws-compat-codemod.tmp`;
  const { mode } = statSync(path);
  try {
    writeFileSync(temporary, content, { mode });
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
    throw error;
  }
}
