import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { makeLayout } from '../../src/state/layout.js';
import { StateStore, StoreFull } from '../../src/state/store.js';

describe('state store', () => {
  it('finds every state it was given again, and only those (whatever bits their hashes have)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 3000 }), (states) => {
        const store = new StateStore(3, Infinity, 16);
        const seen = new Map<string, number>();
        states.forEach(([a, b, c], i) => {
          const s = Uint32Array.of(a, b, c);
          const index = store.add(s, i - 1);
          const key = `${a},${b},${c}`;
          if (seen.has(key)) assert.equal(index, -seen.get(key)! - 1, 'a duplicate is recognised');
          else {
            assert.equal(index, seen.size, 'a new state is numbered in order');
            seen.set(key, index);
          }
        });
        assert.equal(store.count, seen.size);
        for (const [key, index] of seen) {
          const { arena, offset } = store.view(index);
          assert.equal([...arena.slice(offset, offset + 3)].join(','), key);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('recognises states whose words use the top bit', () => {
    const store = new StateStore(2, Infinity, 4);
    for (let i = 0; i < 10_000; i++) store.add(Uint32Array.of(0xffffff00 + (i & 0xff), i), -1);
    for (let i = 0; i < 10_000; i++) assert.ok(store.add(Uint32Array.of(0xffffff00 + (i & 0xff), i), -1) < 0);
    assert.equal(store.count, 10_000);
  });

  it('stops at its byte budget', () => {
    const store = new StateStore(1, 64 * 1024, 16);
    assert.throws(() => {
      for (let i = 0; i < 1e6; i++) store.add(Uint32Array.of(i), -1);
    }, StoreFull);
    assert.ok(store.bytes <= 64 * 1024);
  });
});

describe('state layout', () => {
  it('packs each slot into its bit field and back', () => {
    const slots = [
      { name: 'b', type: { kind: 'bool' as const }, init: 0, owner: -1, isPc: false },
      { name: 'r', type: { kind: 'int' as const, lo: -3, hi: 12 }, init: 0, owner: -1, isPc: false },
      { name: 'c', type: { kind: 'int' as const, lo: 7, hi: 7 }, init: 7, owner: -1, isPc: false },
      { name: 'w', type: { kind: 'int' as const, lo: 0, hi: 2 ** 30 }, init: 0, owner: -1, isPc: false },
    ];
    const layout = makeLayout(slots);
    assert.equal(layout.bits, 1 + 4 + 0 + 31);
    assert.equal(layout.words, 2);
    const packed = new Uint32Array(layout.words);
    layout.pack(Int32Array.of(1, -3, 7, 2 ** 30), packed);
    assert.deepEqual([...layout.unpack(packed)], [1, -3, 7, 2 ** 30]);
    layout.pack(Int32Array.of(0, 12, 7, 5), packed);
    assert.deepEqual([...layout.unpack(packed)], [0, 12, 7, 5]);
  });
});
