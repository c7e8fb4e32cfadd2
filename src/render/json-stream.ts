/*
 * JSON written piece by piece: the text JSON.stringify(value, null, 2) would
 * give, as a sequence of chunks, so that a document too large for one string
 * (a counterexample of millions of steps) can still be written out. Only
 * plain data: objects, arrays, strings, numbers, booleans and null, with
 * JSON.stringify's rules for undefined (a key left out, null in an array).
 */

/** The chunks of `JSON.stringify(value, null, 2)`, each at most about `size` characters. */
export function* jsonChunks(value: unknown, size = 1 << 20): Generator<string> {
  let buffer = '';
  for (const piece of pieces(value, '')) {
    buffer += piece;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

function* pieces(value: unknown, indent: string): Generator<string> {
  if (value === null || typeof value !== 'object') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i > 0 ? ',' : ''}\n${inner}`;
      const item: unknown = value[i];
      if (item === undefined || typeof item === 'function') yield 'null';
      else yield* pieces(item, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, v] of entries) {
    yield `${first ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* pieces(v, inner);
  }
  yield `\n${indent}}`;
}
