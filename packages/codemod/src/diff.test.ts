import { describe, expect, test } from 'vitest';
import { unifiedDiff } from './diff.js';

describe('unifiedDiff', () => {
  test.each([
    ['equal texts', 'a\nb\n', 'a\nb\n', ''],
    [
      'one line changed',
      'a\nb\nc\n',
      'a\nB\nc\n',
      '--- a/f.js\n+++ b/f.js\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n',
    ],
    ['a line added at the end', 'a\n', 'a\nb\n', '--- a/f.js\n+++ b/f.js\n@@ -1,1 +1,2 @@\n a\n+b\n'],
    ['a line removed at the start', 'a\nb\n', 'b\n', '--- a/f.js\n+++ b/f.js\n@@ -1,2 +1,1 @@\n-a\n b\n'],
    [
      'two changes far apart make two hunks',
      '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n',
      'one\n2\n3\n4\n5\n6\n7\n8\n9\nten\n',
      '--- a/f.js\n+++ b/f.js\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-10\n+ten\n',
    ],
    ['from empty', '', 'a\n', '--- a/f.js\n+++ b/f.js\n@@ -0,0 +1,1 @@\n+a\n'],
  ])('%s', (_, before, after, expected) => {
    expect(unifiedDiff('f.js', before, after)).toBe(expected);
  });
});
