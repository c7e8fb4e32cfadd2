/*
 * The liveness engine against a reference that is obviously right and built
 * differently, on random small models with loops, random fairness and a
 * random liveness property: the reference enumerates the state graph itself,
 * and says a property is violated exactly when, in the part of the graph the
 * run may stay in, reachable from where the property's trigger holds, there
 * is a state with no transition, or a strongly connected set of states whose
 * every state and transition a run can visit forever fairly (found by trying
 * every subset of each component, rather than by Emerson-Lei's refinement).
 * Every lasso the engine reports is checked step by step: a run of the
 * model, the goal false where it must be, the cycle closed and fair.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileConditions } from '../../src/compile/conditions.js';
import { compile, type State, type TransitionSystem } from '../../src/compile/index.js';
import { type Counterexample, checkLiveness } from '../../src/explore/index.js';
import type { Fairness, Model } from '../../src/model/index.js';
import { load } from '../helpers.js';
import { randomModel } from './models.js';

interface Graph {
  readonly states: State[];
  /** Per state: [target, process] pairs. */
  readonly edges: [number, number][][];
}

function explore(ts: TransitionSystem, limit: number): Graph | undefined {
  const index = new Map<string, number>();
  const states: State[] = [];
  const edges: [number, number][][] = [];
  const add = (s: State) => {
    const key = s.join(',');
    let i = index.get(key);
    if (i === undefined) {
      i = states.length;
      index.set(key, i);
      states.push(s.slice());
      edges.push([]);
    }
    return i;
  };
  add(ts.initial());
  const next = new Uint32Array(ts.words);
  for (let v = 0; v < states.length; v++) {
    if (states.length > limit) return undefined;
    ts.successors(states[v]!, next, (proc) => {
      edges[v]!.push([add(next), proc]);
    });
  }
  return { states, edges };
}

type Form = 'eventually' | 'leadsto' | 'always-eventually';

/** Whether some fair run violates the property, by the definition (see the top of this file); undefined: too big. */
function referenceViolated(
  g: Graph,
  form: Form,
  p: boolean[],
  q: boolean[],
  fairness: readonly Fairness[],
): boolean | undefined {
  const n = g.states.length;
  const allowed = (v: number) => (form === 'leadsto' ? !q[v] : !p[v]);
  const seeds = [...Array(n).keys()].filter((v) =>
    form === 'leadsto' ? p[v] && !q[v] : form === 'eventually' ? v === 0 && !p[v] : !p[v],
  );
  // Reachable inside the allowed part from the seeds.
  const inside = new Set<number>();
  const stack = [...seeds];
  while (stack.length) {
    const v = stack.pop()!;
    if (inside.has(v)) continue;
    inside.add(v);
    for (const [w] of g.edges[v]!) if (allowed(w)) stack.push(w);
  }
  if ([...inside].some((v) => g.edges[v]!.length === 0)) return true;
  // Components by mutual reachability inside `inside`.
  const reach = (from: number, within: Set<number>) => {
    const seen = new Set<number>();
    const todo = [from];
    while (todo.length) {
      const v = todo.pop()!;
      for (const [w] of g.edges[v]!) {
        if (!within.has(w) || seen.has(w)) continue;
        seen.add(w);
        todo.push(w);
      }
    }
    return seen;
  };
  const reachOf = new Map([...inside].map((v) => [v, reach(v, inside)]));
  const done = new Set<number>();
  for (const v of inside) {
    if (done.has(v)) continue;
    const component = [...inside].filter((w) => reachOf.get(v)!.has(w) && reachOf.get(w)!.has(v));
    if (component.length === 0) {
      done.add(v);
      continue;
    }
    for (const w of component) done.add(w);
    if (component.length > 12) {
      if (process.env.LIVENESS_DEBUG) console.log('component', component.length);
      return undefined;
    }
    // Every non-empty subset that is strongly connected with a transition inside: can a run stay in it fairly?
    for (let mask = 1; mask < 1 << component.length; mask++) {
      const set = new Set(component.filter((_, k) => mask & (1 << k)));
      if (!stronglyConnected(g, set)) continue;
      if (fairInside(g, set, fairness)) return true;
    }
  }
  return false;
}

function stronglyConnected(g: Graph, set: Set<number>): boolean {
  const [first] = set;
  const from = (v: number) => {
    const seen = new Set<number>();
    const todo = [v];
    while (todo.length) {
      const u = todo.pop()!;
      for (const [w] of g.edges[u]!) {
        if (!set.has(w) || seen.has(w)) continue;
        seen.add(w);
        todo.push(w);
      }
    }
    return seen;
  };
  // Every member reaches every member (itself included, through at least one transition).
  return [...set].every((v) => [...set].every((w) => from(v).has(w))) && first !== undefined;
}

/** A run visiting every state and transition of `set` forever: is it fair to every process? */
function fairInside(g: Graph, set: Set<number>, fairness: readonly Fairness[]): boolean {
  return fairness.every((f, proc) => {
    if (f === 'none') return true;
    const taken = [...set].some((v) => g.edges[v]!.some(([w, p]) => p === proc && set.has(w)));
    if (taken) return true;
    const enabled = [...set].map((v) => g.edges[v]!.some(([, p]) => p === proc));
    return f === 'weak' ? !enabled.every(Boolean) : !enabled.some(Boolean);
  });
}

/** Why the engine's lasso is not a fair run that violates the property, or undefined if it is one. */
function badLasso(
  g: Graph,
  cex: Counterexample,
  form: Form,
  conds: ((s: State) => boolean)[],
  fairness: readonly Fairness[],
): string | undefined {
  const lasso = cex.lasso!;
  const key = (s: State) => s.join(',');
  const index = new Map(g.states.map((s, i) => [key(s), i]));
  const found = cex.states.map((s) => index.get(key(s)));
  if (found.some((i) => i === undefined)) return 'a state of the lasso is not reachable';
  const ids = found as number[];
  if (ids[0] !== 0) return 'the lasso does not start in the initial state';
  const procs = cex.processes ?? [];
  if (procs.length !== ids.length - 1) return 'the lasso names no process for some of its steps';
  for (let i = 1; i < ids.length; i++) {
    if (!g.edges[ids[i - 1]!]!.some(([w, p]) => w === ids[i] && p === procs[i - 1]))
      return `no step of process ${procs[i - 1]} from state ${i - 1} to state ${i} of the lasso`;
  }
  const [p, q] = conds;
  const from = form === 'always-eventually' ? lasso.loop : lasso.trigger;
  if (form === 'leadsto' && !(p!(cex.states[from]!) && !q!(cex.states[from]!))) return 'P does not hold at the trigger';
  if (form === 'eventually' && from !== 0) return 'eventually is triggered at the initial state';
  for (let i = from; i < cex.states.length; i++) {
    const goal = form === 'leadsto' ? q!(cex.states[i]!) : p!(cex.states[i]!);
    if (goal) return `the goal holds at state ${i} of the lasso`;
  }
  const last = ids[ids.length - 1]!;
  if (lasso.stop) {
    if (lasso.loop !== ids.length - 1) return 'a stop with a cycle';
    return g.edges[last]!.length === 0 ? undefined : 'the run stops where a process can move';
  }
  if (ids[lasso.loop] !== last || lasso.loop >= ids.length - 1) return 'the cycle does not close';
  const cycle = ids.slice(lasso.loop, -1);
  const moved = new Set(procs.slice(lasso.loop));
  for (const [proc, f] of fairness.entries()) {
    if (f === 'none' || moved.has(proc)) continue;
    const enabled = cycle.map((v) => g.edges[v]!.some(([, x]) => x === proc));
    if (f === 'weak' && enabled.every(Boolean)) return `weakly fair process ${proc} is passed over in the cycle`;
    if (f === 'strong' && enabled.some(Boolean)) return `strongly fair process ${proc} is passed over in the cycle`;
  }
  return undefined;
}

const atoms = fc.constantFrom(
  'b',
  '!b',
  'a == 0',
  'a != 1',
  'c < 2',
  'c == 2',
  'done(p0)',
  '!done(p1)',
  'p0 at s',
  '!(p1 at s)',
);
const condition = fc.oneof(
  { weight: 2, arbitrary: atoms },
  fc.tuple(atoms, fc.constantFrom('&&', '||'), atoms).map(([x, op, y]) => `(${x} ${op} ${y})`),
);
const fairnessKind = fc.constantFrom<Fairness>('none', 'weak', 'weak', 'strong', 'strong');

/** A random model (test/explore/models.ts) with its processes looping forever or not, fairness and one property. */
const livenessCase = fc.record({
  model: randomModel,
  loops: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  fairness: fc.array(fairnessKind, { minLength: 3, maxLength: 3 }),
  form: fc.constantFrom<Form>('eventually', 'leadsto', 'always-eventually'),
  p: condition,
  q: condition,
});

function caseText(c: LivenessCase): string {
  let k = 0;
  const body = c.model
    .replace(/^final fin: .*$/m, '')
    .replace(
      /(process p\d "CPU \d" \{\n {2}var t: 0\.\.2 = 0\n)([\s\S]*?)\n\}/g,
      (_all, head: string, rest: string) => {
        const i = k++;
        const fair = c.fairness[i] === 'weak' ? 'fair ' : c.fairness[i] === 'strong' ? 'strongly fair ' : '';
        const inner = c.loops[i] ? `  while true {\n${rest}\n  step s()\n  }` : rest; // a step each round
        return `${fair}${head}${inner}\n}`;
      },
    );
  const formula =
    c.form === 'leadsto'
      ? `${c.p} leadsto ${c.q}`
      : c.form === 'eventually'
        ? `eventually ${c.p}`
        : `always eventually ${c.p}`;
  return `${body}\nliveness live: ${formula}\n`;
}

type LivenessCase = {
  model: string;
  loops: boolean[];
  fairness: Fairness[];
  form: Form;
  p: string;
  q: string;
};

interface Outcome {
  checked: boolean;
  violated?: boolean;
  fairnessMattered?: boolean;
  strongMattered?: boolean;
}

async function compare(c: LivenessCase | string, ignoreFairness = false): Promise<Outcome> {
  const text = typeof c === 'string' ? c : caseText(c);
  const model: Model = load(text);
  const ts = compile(model);
  const g = explore(ts, 1500);
  if (!g) {
    if (process.env.LIVENESS_DEBUG) console.log('too many states');
    return { checked: false };
  }
  const property = model.properties.find((x) => x.name === 'live')!;
  const f = property.liveness!;
  const conds = compileConditions(model, [f.p, f.q ?? { k: 'const', value: 1, type: { kind: 'bool' } }]);
  const p = g.states.map((s) => conds[0]!(s));
  const q = g.states.map((s) => conds[1]!(s));
  const fairness = model.processes.map((x) => x.fairness);
  const want = referenceViolated(g, f.form, p, q, fairness);
  if (want === undefined) return { checked: false };
  const used = ignoreFairness ? model.processes.map((): Fairness => 'none') : fairness;
  const v = await checkLiveness(ts, { properties: [property.index], ...(ignoreFairness && { fairness: 'none' }) });
  const got = v.violations.length > 0;
  if (got !== want)
    throw new Error(`the engine says ${got ? 'violated' : 'holds'}, the reference ${want ? 'violated' : 'holds'}`);
  for (const cex of v.violations) {
    const why = badLasso(g, cex, f.form, conds, used);
    if (why) throw new Error(`bad lasso: ${why}`);
  }
  const all = (k: Fairness) =>
    referenceViolated(
      g,
      f.form,
      p,
      q,
      model.processes.map(() => k),
    );
  return {
    checked: true,
    violated: want,
    fairnessMattered: all('none') !== want,
    strongMattered: all('weak') !== all('strong'),
  };
}

/**
 * Models where weak and strong fairness part: a process T that changes m for ever, in random
 * steps (some of which may leave m alone), and a process P whose step waits for a value of m, so
 * that P can move only now and then.
 */
const tStep = fc.constantFrom(
  'step s() { m = (m + 1) % 3 }',
  'step s() { m = 0 }',
  'step s() { either { m = 1 } or { m = 2 } }',
  'step s() { await m != 2 }',
  'either { step s() { m = 1 } } or { step s() }',
);
const gadgetCase = fc
  .record({
    t: fc.array(tStep, { minLength: 1, maxLength: 3 }),
    k: fc.nat({ max: 2 }),
    loopP: fc.boolean(),
    fairness: fc.tuple(fairnessKind, fairnessKind),
    form: fc.constantFrom<Form>('eventually', 'leadsto', 'always-eventually'),
  })
  .map(({ t, k, loopP, fairness: [ft, fp], form }) => {
    const fair = (f: Fairness) => (f === 'weak' ? 'fair ' : f === 'strong' ? 'strongly fair ' : '');
    const go = `step go() { await m == ${k}; goal = !goal }`;
    const formula =
      form === 'eventually'
        ? 'eventually goal'
        : form === 'leadsto'
          ? 'p at go leadsto goal'
          : 'always eventually goal';
    return [
      'var m: 0..2 = 0',
      'var goal: bool = false',
      `${fair(ft)}process t "T" { while true { ${t.join(' ')} } }`,
      `${fair(fp)}process p "P" { ${loopP ? `while true { ${go} }` : go} }`,
      `liveness live: ${formula}`,
    ].join('\n');
  });

describe('the liveness engine agrees with a reference on random models', () => {
  it('on 300 models where a process can move only now and then, weak and strong fairness are told apart', async () => {
    const seen = { checked: 0, strongMattered: 0 };
    await fc.assert(
      fc.asyncProperty(gadgetCase, async (text) => {
        try {
          const o = await compare(text);
          if (!o.checked) return;
          seen.checked++;
          if (o.strongMattered) seen.strongMattered++;
        } catch (e) {
          throw new Error(`${(e as Error).message}\n--- model ---\n${text}`);
        }
      }),
      { numRuns: 300, seed: 7 },
    );
    assert.ok(seen.checked >= 250, JSON.stringify(seen));
    assert.ok(seen.strongMattered >= 20, JSON.stringify(seen));
  });

  it('on 500 random models with loops, fairness and a liveness property: verdicts agree, lassos are fair', async () => {
    const seen = { checked: 0, violated: 0, holds: 0, fairnessMattered: 0, strongMattered: 0 };
    await fc.assert(
      fc.asyncProperty(livenessCase, async (c) => {
        try {
          const o = await compare(c);
          if (!o.checked) return;
          seen.checked++;
          if (o.violated) seen.violated++;
          else seen.holds++;
          if (o.fairnessMattered) seen.fairnessMattered++;
          if (o.strongMattered) seen.strongMattered++;
        } catch (e) {
          throw new Error(`${(e as Error).message}\n--- model ---\n${caseText(c)}`);
        }
      }),
      { numRuns: 500, seed: 12 },
    );
    if (process.env.LIVENESS_DEBUG) console.log(JSON.stringify(seen));
    // The comparison is not vacuous: both verdicts come up, and fairness changes some of them.
    assert.ok(seen.checked >= 300, `only ${seen.checked} of 500 models were small enough to compare`);
    assert.ok(seen.violated >= 50 && seen.holds >= 50, JSON.stringify(seen));
    assert.ok(seen.fairnessMattered >= 10, JSON.stringify(seen));
  });

  it('the comparison catches an engine that ignores fairness', async () => {
    const details = await fc.check(
      // With fairness ignored the engine answers for unfair runs: where fairness matters, the reference disagrees.
      fc.asyncProperty(livenessCase, async (c) => {
        await compare(c, true);
      }),
      { numRuns: 400, seed: 12 },
    );
    assert.equal(details.failed, true, 'ignoring fairness must make the comparison fail');
  });
});
