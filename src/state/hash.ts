/*
 * A 32-bit hash of a packed state (MurmurHash3's mixing), fast in V8 because
 * it stays in small integers.
 */
export function hashWords(a: Uint32Array, offset: number, words: number, seed = 0x9747b28c): number {
  let h = seed | 0;
  for (let i = 0; i < words; i++) {
    let k = Math.imul(a[offset + i]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= words * 4;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
