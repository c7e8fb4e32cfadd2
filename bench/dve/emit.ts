/*
 * DVE (parsed by parse.ts) to a racecheck model with the same state space.
 *
 * Each DVE process becomes one racecheck process whose control state is an
 * explicit local `state` (an enum of the process's DVE states) and whose body is
 * `while true { step { ... } }`: the step branches on `state`, and each DVE
 * transition out of that state is one `either` branch (`await guard; effects;
 * state = to`). So one DVE transition is one racecheck step, and racecheck's own
 * program counter never changes (the process always waits at its only step): a
 * racecheck state is exactly a DVE state, the variables and each process's
 * control state. A state with no transition out waits forever (`await false`).
 *
 * Where a guard or an assignment could fail (safety.ts), the branch tests that
 * it does not, and otherwise calls `dve_error()`, which sets every variable as
 * DiVinE's error state has it.
 */
import { and, asBool, asInt, type Env, type Out, rangeOf, Scope, safe } from './expr.js';
import type { DveSystem, Process, Transition, VarDecl } from './parse.js';
import { assignment, conditions } from './safety.js';

const TYPE = (v: VarDecl) => `${rangeOf(v).lo}..${rangeOf(v).hi}`;
const indent = (lines: readonly string[]) => lines.map((l) => `  ${l}`);

function declaration(v: VarDecl): string {
  if (v.size === undefined) return `var ${safe(v.name)}: ${TYPE(v)} = ${v.init[0] ?? 0}`;
  const values = Array.from({ length: v.size }, (_, k) => v.init[k] ?? 0);
  const init = values.every((x) => x === values[0]) ? String(values[0]) : `[${values.join(', ')}]`;
  const note =
    v.init.length > 1 && v.init.length !== v.size
      ? `  // the DVE gives ${v.init.length} initial values for ${v.size} elements: the first ${v.size} count`
      : '';
  return `var ${safe(v.name)}: array[0..${v.size - 1}] of ${TYPE(v)} = ${init}${note}`;
}

const enumType = (p: Process) => `${safe(p.name)}_state`;
const member = (p: Process, s: string) => `${safe(p.name)}_${s}`;
const ERROR = 'error';

class ProcessWriter {
  private readonly scope: Scope;

  constructor(
    private readonly p: Process,
    file: string,
    globals: ReadonlyMap<string, VarDecl>,
    private readonly onError: () => void,
  ) {
    this.scope = new Scope(file, globals, new Map(p.vars.map((v) => [v.name, v])));
  }

  /** `if ok { body } else { dve_error() }`, or the body alone when nothing can fail. */
  private guarded(checks: readonly Out[], body: string[], t: Transition): string[] {
    if (checks.length === 0) return body;
    this.onError();
    return [
      `if ${and(checks).text} {`,
      ...indent(body),
      '} else {',
      `  dve_error() --> "${t.from} -> ${t.to} fails: DiVinE's error state"`,
      '}',
    ];
  }

  private effects(t: Transition, k: number, env: Env): string[] {
    const a = t.effects[k];
    if (!a) return [`state = ${member(this.p, t.to)} --> "${t.from} -> ${t.to}"`];
    const { checks, after } = assignment(this.scope, a, env);
    const line = `${this.scope.write(a.target, env).text} = ${asInt(this.scope.write(a.value, env)).text}`;
    return this.guarded(checks, [line, ...this.effects(t, k + 1, after)], t);
  }

  private transition(t: Transition): string[] {
    const env: Env = new Map();
    const guard = t.guard;
    const body = guard
      ? [
          `await ${asBool(this.scope.write(guard, env)).text}`,
          ...this.effects(t, 0, this.scope.refine(env, guard, true)),
        ]
      : this.effects(t, 0, env);
    const lines = this.guarded(guard ? conditions(this.scope, guard, env) : [], body, t);
    // Short transitions on one line: `await j < 3; pos[0] = j; state = P_0_q2 --> "wait -> q2"`.
    const joined = lines.join('; ');
    return lines.length > 1 && !joined.includes('{') && joined.length <= 100 ? [joined] : lines;
  }

  lines(): string[] {
    const p = this.p;
    const chain: string[] = [];
    for (const s of p.states) {
      const out = p.transitions.filter((t) => t.from === s);
      if (out.length === 0) continue;
      chain.push(`${chain.length === 0 ? 'if' : '} else if'} state == ${member(p, s)} {`);
      if (out.length === 1) chain.push(...indent(this.transition(out[0]!)));
      else
        out.forEach((t, k) => {
          chain.push(`  ${k === 0 ? 'either' : '} or'} {`, ...indent(indent(this.transition(t))));
        });
      if (out.length > 1) chain.push('  }');
    }
    // A state with no transition out (and DiVinE's error state): the process never moves again.
    chain.push(...(chain.length === 0 ? ['await false'] : ['} else {', '  await false', '}']));
    return [
      `process ${safe(p.name)} {`,
      `  var state: ${enumType(p)} = ${member(p, p.init)}`,
      ...indent(p.vars.map(declaration)),
      '  while true {',
      '    step {',
      ...indent(indent(indent(chain))),
      '    }',
      '  }',
      '}',
    ];
  }
}

/** `dve_error()`: DiVinE's error state, every variable 0, every process in its first state, the first past its last. */
function errorProc(sys: DveSystem): string[] {
  const zero = (v: VarDecl, prefix: string) =>
    v.size === undefined
      ? `${prefix}${safe(v.name)} = 0`
      : `for dve_i in 0..${v.size - 1} { ${prefix}${safe(v.name)}[dve_i] = 0 }`;
  return [
    "// DiVinE's error state (go_to_error in its dve_explicit_system.cc), where a failing transition leads.",
    'proc dve_error() {',
    ...indent(sys.vars.map((v) => zero(v, ''))),
    ...indent(
      sys.processes.flatMap((p, k) => [
        `${safe(p.name)}.state = ${member(p, k === 0 ? ERROR : p.states[0]!)}`,
        ...p.vars.map((v) => zero(v, `${safe(p.name)}.`)),
      ]),
    ),
    '}',
    '',
  ];
}

const BOR8 = [
  "// DVE's bitwise or, bit by bit (racecheck has no bitwise operators): exact for a and b in 0..255.",
  'def orbit(a, b, k) = (a / k % 2 + b / k % 2 - a / k % 2 * (b / k % 2)) * k',
  'def bor8(a, b) = orbit(a, b, 1) + orbit(a, b, 2) + orbit(a, b, 4) + orbit(a, b, 8) + orbit(a, b, 16) +',
  '  orbit(a, b, 32) + orbit(a, b, 64) + orbit(a, b, 128)',
  '',
];

/** The racecheck model for a parsed DVE system; `name` is the instance (`peterson.1`). */
export function emitRace(sys: DveSystem, name: string): string {
  const file = `${name}.dve`;
  const globals = new Map(sys.vars.map((v) => [v.name, v]));
  let fails = false;
  const processes = sys.processes.map((p) =>
    new ProcessWriter(p, file, globals, () => {
      fails = true;
    }).lines(),
  );
  const enums = sys.processes.map((p, k) => {
    const members = [...p.states, ...(fails && k === 0 ? [ERROR] : [])].map((s) => member(p, s));
    const line = `enum ${enumType(p)} { ${members.join(', ')} }`;
    if (line.length <= 110) return line;
    const rows = [''];
    for (const m of members) {
      if (rows.at(-1)!.length + m.length > 100) rows.push('');
      rows[rows.length - 1] += `${m}, `;
    }
    return [`enum ${enumType(p)} {`, ...rows.map((r) => `  ${r.trimEnd()}`), '}'].join('\n');
  });
  const usesBor = processes.some((lines) => lines.some((l) => l.includes('bor8(')));
  const body = [
    `// BEEM ${name}, translated from BEEM's ${file} by bench/dve.ts (npm run beem:translate): do not edit.`,
    '// One racecheck step per DVE transition; the DVE state of each process is its local `state`.',
    '',
    `model "BEEM ${name}"`,
    '',
    ...sys.vars.map(declaration),
    '',
    ...(usesBor ? BOR8 : []),
    ...enums,
    '',
    ...(fails ? errorProc(sys) : []),
    ...processes.flatMap((p) => [...p, '']),
  ];
  return `${body.join('\n').trimEnd()}\n`;
}
