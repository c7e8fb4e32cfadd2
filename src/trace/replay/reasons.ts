/*
 * Why an entry cannot happen, read from the enabling conditions of the model
 * in a state where the search stopped: the process of the entry waits at a
 * step whose `await` is false (with the values that make it false), or an
 * `if` sent it down the other branch (the condition, its values, and the
 * process's own step that set them), or the step that could draw the entry
 * ran without drawing it. One reason per stopping state; the caller groups
 * them, so that reasons that differ across states are all reported.
 */
import type { State } from '../../compile/index.js';
import { type Loc, where } from '../../lang/index.js';
import { freeSuccessors } from '../../model/control.js';
import { expr, placeSlots, Slots } from '../../model/footprint.js';
import type { Expr, Model, Node, StepSite, Stmt } from '../../model/index.js';
import { visitStmts } from '../../model/index.js';
import { layoutOf, sameState } from '../../state/layout.js';
import { readValues } from '../build.js';
import { evaluate, runBody, showExpr, slotOf, type Values, valuesOf } from '../evaluate.js';
import type { Candidate, Stepper } from '../stepper.js';
import { siteTexts, templateMatcher, templateText } from '../texts.js';
import type { EntryPlan } from './entries.js';
import type { ReplaySearch } from './search.js';
import type { Condition, Origin, Reason, StepRef, StopReason } from './types.js';

export class Reasons {
  private readonly reach = new Map<number, boolean>();
  /** The step sites of the process that can draw the entry. */
  private readonly targets: Set<number>;

  constructor(
    private readonly model: Model,
    private readonly stepper: Stepper,
    private readonly search: ReplaySearch,
    /** The entry's process, and its plan. */
    private readonly p: number,
    private readonly plan: EntryPlan & { role: 'step' },
  ) {
    const steps = model.steps.filter((s) => s.proc === p);
    this.targets = new Set(steps.filter((s) => siteTexts(s).some((t) => plan.shows(t))).map((s) => s.id));
  }

  /** The reasons over every stopping state, grouped (most frequent first). */
  all(stops: readonly number[]): StopReason[] {
    const groups = new Map<string, { reason: Reason; step?: StepRef; states: number }>();
    for (const index of stops) {
      const reason = this.of(index);
      const key = JSON.stringify(reason);
      const g = groups.get(key);
      if (g) g.states++;
      else groups.set(key, { reason, ...this.namedStep(reason), states: 1 });
    }
    return [...groups.values()].sort((a, b) => b.states - a.states);
  }

  /** The reason in the stopping state `index`. */
  of(index: number): Reason {
    const { state } = this.search.node(index);
    const pc = this.pcOf(state);
    if (pc !== 0 && this.reaches(pc)) return this.blocked(pc, state);
    return this.diverged(this.search.chain(index));
  }

  private namedStep(r: Reason): { step?: StepRef } {
    const step = r.kind === 'branch' ? (r.condition.origins[0]?.step ?? r.then) : r.kind === 'diverged' ? r.at : r.at;
    return step ? { step } : {};
  }

  /** It cannot move: the step it would take (through the branches its state decides) and its false await. */
  private blocked(pc: number, state: State): Reason {
    const vals = valuesOf(this.model, state);
    const sites = this.waySites(pc, vals.slice());
    const ordered = [...sites.filter((s) => this.targets.has(s.id) || this.reachesFrom(s)), ...sites];
    for (const site of ordered) {
      const run = runBody(site.body, vals);
      if (run.enabled) continue;
      const stop = run.stops[0];
      return {
        kind: 'blocked',
        at: this.ref(site),
        ...(stop && { await: this.condition(stop.cond, vals, state, [], this.awaitText(stop.at)) }),
      };
    }
    return { kind: 'diverged', ...(ordered[0] && { at: this.ref(ordered[0]) }) };
  }

  /** It has gone past every step that could draw the entry: the step of its that did that, and why. */
  private diverged(chain: readonly number[]): Reason {
    for (let k = chain.length - 1; k > 0; k--) {
      const b = this.search.node(chain[k]!);
      if (b.last !== this.p) continue;
      const a = this.search.node(chain[k - 1]!);
      const before = this.pcOf(a.state);
      if (!this.reaches(before) || this.reaches(this.pcOf(b.state))) continue;
      const c = this.transition(a.state, b.state);
      if (!c) break;
      return this.why(before, c, a.state, chain.slice(0, k));
    }
    return { kind: 'diverged' };
  }

  /** Why transition `c` from `pc` (in `state`, reached along `chain`) leaves the entry behind. */
  private why(pc: number, c: Candidate, state: State, chain: readonly number[]): Reason {
    const then = c.step >= 0 ? this.ref(this.model.steps[c.step]!) : { text: 'reaches its end', where: '' };
    const vals = valuesOf(this.model, state);
    for (const { node, taken } of this.branchesTo(pc, c.step)) {
      const other = taken ? node.else : node.then;
      if (!this.reaches(other)) continue;
      return {
        kind: 'branch',
        at: { text: `if ${showExpr(this.model, node.cond)}`, where: where(this.model.source, node.at) },
        condition: this.condition(node.cond, vals, state, chain),
        then,
      };
    }
    const site = c.step >= 0 ? this.model.steps[c.step]! : undefined;
    if (site && this.targets.has(site.id)) {
      const guard = this.guardOf(site.body, vals.slice());
      return { kind: 'not drawn', at: then, ...(guard && { condition: this.condition(guard, vals, state, chain) }) };
    }
    return { kind: 'diverged', at: then };
  }

  /** The `if` in a step body whose other branch draws the entry, given the values (the way not taken). */
  private guardOf(body: readonly Stmt[], vals: Values): Expr | undefined {
    for (const s of body) {
      // The body's assignments before the `if` count (its condition may read what they set).
      if (s.k === 'assign') {
        const slot = slotOf(s.place, vals);
        if (slot >= 0) vals[slot] = evaluate(s.value, vals);
      }
      if (s.k !== 'if') continue;
      const holds = evaluate(s.cond, vals) !== 0;
      if (this.draws(holds ? s.else : s.then)) return s.cond;
      const inner = this.guardOf(holds ? s.then : s.else, vals);
      if (inner) return inner;
    }
    return undefined;
  }

  /** Whether the statements draw a text that is the entry. */
  private draws(list: readonly Stmt[]): boolean {
    let found = false;
    visitStmts(list, {
      text: (t, kind) => {
        found ||= this.plan.shows({ kind, text: templateText(t), matches: templateMatcher(t) });
      },
    });
    return found;
  }

  /** A condition's text, value and the values it reads; for the process's locals, the step that set them. */
  private condition(e: Expr, vals: Values, state: State, chain: readonly number[], text?: string): Condition {
    const reads = new Slots(this.model.slots.length);
    expr(e, reads);
    const origins: Origin[] = [];
    for (let slot = 0; slot < this.model.slots.length; slot++) {
      if (!reads.has(slot) || this.model.slots[slot]!.owner !== this.p) continue;
      const origin = this.originOf(slot, chain);
      if (origin) origins.push(origin);
    }
    return {
      text: text ?? showExpr(this.model, e),
      value: evaluate(e, vals) !== 0,
      values: readValues(this.model, e, state),
      origins,
    };
  }

  /** The last step of the process along `chain` that assigned `slot`, and what it assigned from. */
  private originOf(slot: number, chain: readonly number[]): Origin | undefined {
    for (let k = chain.length - 1; k > 0; k--) {
      const b = this.search.node(chain[k]!);
      if (b.last !== this.p) continue;
      const a = this.search.node(chain[k - 1]!);
      const c = this.transition(a.state, b.state);
      const site = c && c.step >= 0 ? this.model.steps[c.step] : undefined;
      if (!site) continue;
      const vals = valuesOf(this.model, a.state);
      let found: (Stmt & { k: 'assign' }) | undefined;
      visitStmts(site.body, {
        stmt: (s) => {
          if (s.k === 'assign' && placeSlots(s.place).includes(slot) && slotOf(s.place, vals) === slot) found = s;
        },
      });
      if (!found) continue;
      return {
        name: this.model.slots[slot]!.name,
        step: this.ref(site),
        assignment: this.sourceText(found.at),
        values: readValues(this.model, found.value, a.state),
      };
    }
    return undefined;
  }

  /** The transition of the process from `a` to `b`. */
  private transition(a: State, b: State): Candidate | undefined {
    return this.stepper.candidates(a).find((c) => c.proc === this.p && sameState(c.next, b));
  }

  /** The branch nodes on the way from `pc` to the node of step `step` (-1: the end), with the side taken. */
  private branchesTo(pc: number, step: number): { node: Node & { k: 'branch' }; taken: boolean }[] {
    const proc = this.model.processes[this.p]!;
    const seen = new Set<number>();
    const walk = (n: number): { node: Node & { k: 'branch' }; taken: boolean }[] | undefined => {
      if (seen.has(n)) return undefined;
      seen.add(n);
      const node = proc.nodes[n]!;
      if (node.k === 'step') return node.step.id === step ? [] : undefined;
      if (node.k === 'end') return step === -1 ? [] : undefined;
      if (node.k === 'branch') {
        const then = walk(node.then);
        if (then) return [{ node, taken: true }, ...then];
        const otherwise = walk(node.else);
        return otherwise && [{ node, taken: false }, ...otherwise];
      }
      for (const m of freeSuccessors(node)) {
        const rest = walk(m);
        if (rest) return rest;
      }
      return undefined;
    };
    return walk(pc) ?? [];
  }

  /** The steps a process at `pc` takes next with values `vals` (branches decided, every choice kept). */
  private waySites(pc: number, vals: Values): StepSite[] {
    const proc = this.model.processes[this.p]!;
    const out: StepSite[] = [];
    const seen = new Set<number>();
    const walk = (n: number): void => {
      if (seen.has(n)) return;
      seen.add(n);
      const node = proc.nodes[n]!;
      if (node.k === 'step') out.push(node.step);
      else if (node.k === 'branch') walk(evaluate(node.cond, vals) ? node.then : node.else);
      else if (node.k === 'set') {
        const slot = slotOf(node.place, vals);
        if (slot >= 0) vals[slot] = evaluate(node.value, vals);
        walk(node.next);
      } else for (const m of freeSuccessors(node)) walk(m);
    };
    walk(pc);
    return out;
  }

  /** Whether a process at node `n` can still get to a step that draws the entry. */
  private reaches(n: number): boolean {
    const known = this.reach.get(n);
    if (known !== undefined) return known;
    const proc = this.model.processes[this.p]!;
    const seen = new Set<number>();
    const stack = [n];
    let found = false;
    while (stack.length > 0 && !found) {
      const m = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      const node = proc.nodes[m]!;
      if (node.k === 'step') {
        if (this.targets.has(node.step.id)) found = true;
        stack.push(node.next);
      } else stack.push(...freeSuccessors(node));
    }
    this.reach.set(n, found);
    return found;
  }

  private reachesFrom(site: StepSite): boolean {
    const proc = this.model.processes[this.p]!;
    const n = proc.nodes.findIndex((x) => x.k === 'step' && x.step.id === site.id);
    return n >= 0 && this.reaches(n);
  }

  private pcOf(state: State): number {
    return layoutOf(this.model).get(state, this.model.processes[this.p]!.pcSlot);
  }

  private ref(site: StepSite): StepRef {
    return {
      text: site.display ? templateText(site.display.text) : 'a silent step',
      where: where(this.model.source, site.at),
    };
  }

  private awaitText(at: Loc): string {
    return this.sourceText(at).replace(/^await\s+/, '');
  }

  private sourceText(at: Loc): string {
    return this.model.source.text.slice(at.offset, at.offset + at.length);
  }
}
