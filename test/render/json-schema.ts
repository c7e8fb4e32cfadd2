/*
 * A small JSON Schema validator (the part of draft 2020-12 that docs/json.md uses: $ref into $defs,
 * type, const, enum, properties, required, additionalProperties, items, oneOf, anyOf, minimum), so that
 * the tests can hold every command's JSON output to the schema the documentation publishes, with no
 * dependency. It returns every problem, each with the JSON path where it is.
 */

export type Schema = { readonly [keyword: string]: unknown };

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

/** The problems with `value` against `schema` (none: it conforms); `root` holds the $defs. */
export function validate(value: unknown, schema: Schema, root: Schema = schema, path = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const m = /^#\/\$defs\/(\w+)$/.exec(schema.$ref);
    const target = m ? (root.$defs as Record<string, Schema> | undefined)?.[m[1]!] : undefined;
    if (!target) return [`${path}: unknown $ref ${schema.$ref}`];
    return validate(value, target, root, path);
  }
  const problems: string[] = [];
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const actual = typeOf(value);
    const fits = types.includes(actual) || (actual === 'integer' && types.includes('number'));
    if (!fits) return [`${path}: expected ${types.join(' or ')}, found ${actual}`];
  }
  if ('const' in schema && JSON.stringify(value) !== JSON.stringify(schema.const))
    problems.push(`${path}: expected ${JSON.stringify(schema.const)}, found ${JSON.stringify(value)}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum)
    problems.push(`${path}: ${value} is below ${schema.minimum}`);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (!options) continue;
    const results = options.map((o) => validate(value, o, root, path));
    const passing = results.filter((r) => r.length === 0).length;
    if (key === 'oneOf' ? passing !== 1 : passing === 0) {
      const why = passing > 1 ? 'more than one' : results.map((r) => r.join('; ')).join(' | or | ');
      problems.push(
        `${path}: matches ${passing === 0 ? 'none' : why} of the ${key} options${passing ? '' : `: ${why}`}`,
      );
    }
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[])
      if (!(name in object)) problems.push(`${path}: '${name}' is required`);
    for (const [name, v] of Object.entries(object)) {
      const p = properties[name];
      if (p) problems.push(...validate(v, p, root, `${path}.${name}`));
      else if (schema.additionalProperties === false) problems.push(`${path}: '${name}' is not in the schema`);
      else if (typeof schema.additionalProperties === 'object')
        problems.push(...validate(v, schema.additionalProperties as Schema, root, `${path}.${name}`));
    }
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((v, i) => {
      problems.push(...validate(v, schema.items as Schema, root, `${path}[${i}]`));
    });
  return problems;
}
