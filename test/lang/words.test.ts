/*
 * The words every stage's messages share: counts with their nouns, and the
 * edit distance behind "did you mean …?" and replay's typo check.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, editDistance, plural } from '../../src/lang/index.js';

describe('plural', () => {
  it('is singular for exactly one, plural for zero and for many', () => {
    assert.equal(plural(1, 'step'), '1 step');
    assert.equal(plural(0, 'step'), '0 steps');
    assert.equal(plural(2, 'step'), '2 steps');
  });

  it('takes the plural form when it is not the noun and an s', () => {
    assert.equal(plural(1, 'context switch', 'context switches'), '1 context switch');
    assert.equal(plural(3, 'context switch', 'context switches'), '3 context switches');
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abc', ''), 3);
    assert.equal(editDistance('btrfs_wait_ordered_roots', 'btrfs_wait_ordered_root'), 1);
  });

  it('is zero only for equal strings, and symmetric', () => {
    assert.equal(editDistance('same', 'same'), 0);
    assert.notEqual(editDistance('same', 'Same'), 0);
    assert.equal(editDistance('flaw', 'lawn'), editDistance('lawn', 'flaw'));
  });

  it('is what closest() ranks by', () => {
    assert.deepEqual(closest('wirters', ['writers', 'readers', 'waiters']), ['waiters', 'writers']);
    assert.deepEqual(closest('zzzzzz', ['writers', 'readers']), []);
  });
});
