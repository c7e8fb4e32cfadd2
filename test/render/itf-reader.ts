/*
 * An ITF reader written from the format's description (Apalache ADR-015), not from racecheck's writer:
 * it checks the trace object (`#meta`, `params`, `vars`, `states`, `loop`), that every state sets every
 * variable (and the first one every parameter) and nothing else, and decodes every expression form the
 * ADR allows (booleans, strings, integers as JSON numbers or #bigint, lists, records, #tup, #set, #map,
 * and Quint's variants) into plain JavaScript values. Any departure from the description throws, naming
 * where in the document it is.
 */

/** A decoded ITF value. */
export type Decoded =
  | boolean
  | string
  | bigint
  | readonly Decoded[]
  | { readonly kind: 'record'; readonly fields: ReadonlyMap<string, Decoded> }
  | { readonly kind: 'tuple'; readonly items: readonly Decoded[] }
  | { readonly kind: 'set'; readonly items: readonly Decoded[] }
  | { readonly kind: 'map'; readonly entries: readonly (readonly [Decoded, Decoded])[] }
  | { readonly kind: 'variant'; readonly tag: string; readonly value: Decoded };

export interface DecodedTrace {
  readonly meta: Readonly<Record<string, unknown>>;
  readonly params: readonly string[];
  readonly vars: readonly string[];
  /** Each state's variables (and, in the first, the parameters), decoded. */
  readonly states: readonly ReadonlyMap<string, Decoded>[];
  readonly loop?: number;
}

export class ItfError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function names(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((n) => typeof n === 'string'))
    throw new ItfError(`${where}: expected an array of strings`);
  if (new Set(v).size !== v.length) throw new ItfError(`${where}: a name appears twice`);
  return v as string[];
}

/** Reads one ITF document (its text): one trace object. */
export function readItf(text: string): DecodedTrace {
  const doc: unknown = JSON.parse(text);
  if (!isObject(doc)) throw new ItfError('the document is not a trace object (an ITF document holds one trace)');
  for (const key of Object.keys(doc))
    if (!['#meta', 'params', 'vars', 'states', 'loop'].includes(key)) throw new ItfError(`unknown field '${key}'`);
  if (doc['#meta'] !== undefined && !isObject(doc['#meta'])) throw new ItfError('#meta: expected an object');
  const params = doc.params === undefined ? [] : names(doc.params, 'params');
  const vars = names(doc.vars, 'vars');
  for (const p of params) if (vars.includes(p)) throw new ItfError(`'${p}' is both a parameter and a variable`);
  if (!Array.isArray(doc.states)) throw new ItfError('states: expected an array');
  const states = doc.states.map((st: unknown, i: number) => {
    const where = `states[${i}]`;
    if (!isObject(st)) throw new ItfError(`${where}: expected a state object`);
    if (st['#meta'] !== undefined && !isObject(st['#meta'])) throw new ItfError(`${where}.#meta: expected an object`);
    const allowed = i === 0 ? [...vars, ...params] : vars;
    for (const key of Object.keys(st)) {
      if (key !== '#meta' && !allowed.includes(key)) throw new ItfError(`${where}: '${key}' is not a variable`);
    }
    const out = new Map<string, Decoded>();
    for (const name of i === 0 ? [...params, ...vars] : vars) {
      if (!(name in st)) throw new ItfError(`${where}: '${name}' is not set`);
      out.set(name, decode(st[name], `${where}.${name}`));
    }
    return out;
  });
  let loop: number | undefined;
  if (doc.loop !== undefined) {
    if (!Number.isInteger(doc.loop) || (doc.loop as number) < 0 || (doc.loop as number) >= states.length)
      throw new ItfError('loop: expected the index of a state');
    loop = doc.loop as number;
  }
  return {
    meta: (doc['#meta'] as Record<string, unknown>) ?? {},
    params,
    vars,
    states,
    ...(loop !== undefined && { loop }),
  };
}

/** One expression, by the forms of the ADR's list (and Quint's variants: an object with `tag` and `value`). */
export function decode(v: unknown, where: string): Decoded {
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new ItfError(`${where}: a JSON number must be an integer within ±(2^53 - 1)`);
    return BigInt(v);
  }
  if (Array.isArray(v)) return v.map((x, i) => decode(x, `${where}[${i}]`));
  if (!isObject(v)) throw new ItfError(`${where}: not an ITF expression`);
  const keys = Object.keys(v);
  const only = (key: string) => keys.length === 1 && keys[0] === key;
  if ('#bigint' in v) {
    if (!only('#bigint') || typeof v['#bigint'] !== 'string' || !/^-?[0-9]+$/.test(v['#bigint']))
      throw new ItfError(`${where}: #bigint holds a string of digits, optionally signed`);
    return BigInt(v['#bigint']);
  }
  if ('#tup' in v || '#set' in v) {
    const key = '#tup' in v ? '#tup' : '#set';
    if (!only(key) || !Array.isArray(v[key])) throw new ItfError(`${where}: ${key} holds an array`);
    const items = (v[key] as unknown[]).map((x, i) => decode(x, `${where}.${key}[${i}]`));
    return { kind: key === '#tup' ? 'tuple' : 'set', items };
  }
  if ('#map' in v) {
    if (!only('#map') || !Array.isArray(v['#map'])) throw new ItfError(`${where}: #map holds an array of pairs`);
    const entries = (v['#map'] as unknown[]).map((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) throw new ItfError(`${where}.#map[${i}]: expected a [key, value] pair`);
      return [decode(p[0], `${where}.#map[${i}][0]`), decode(p[1], `${where}.#map[${i}][1]`)] as const;
    });
    return { kind: 'map', entries };
  }
  if (keys.some((k) => k.startsWith('#')))
    throw new ItfError(`${where}: unknown form '${keys.find((k) => k.startsWith('#'))}'`);
  if (keys.length === 2 && typeof v.tag === 'string' && 'value' in v)
    return { kind: 'variant', tag: v.tag, value: decode(v.value, `${where}.value`) };
  return { kind: 'record', fields: new Map(keys.map((k) => [k, decode(v[k], `${where}.${k}`)])) };
}
