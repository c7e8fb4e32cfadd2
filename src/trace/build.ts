/*
 * Turns a counterexample (a list of states) into a Trace: for each pair of
 * consecutive states, finds the transition between them and records what it
 * shows, keeping each process's stack of entered call frames.
 */

import type { State } from '../compile/index.js';
import type { Counterexample } from '../explore/index.js';
import { type Loc, where } from '../lang/index.js';
import { expr, Slots } from '../model/footprint.js';
import { type Expr, type Model, type Property, showValue, waitingSteps } from '../model/index.js';
import { layoutOf, sameState } from '../state/layout.js';
import { runBody, valuesOf } from './evaluate.js';
import { livenessViolation } from './liveness.js';
import { sliceRun } from './slice.js';
import { type Candidate, Stepper } from './stepper.js';
import { templateText } from './texts.js';
import type { Trace, TraceFrame, TraceStep, Value, Violation, WaitingStep } from './types.js';

export class TraceBuilder {
  private readonly stepper: Stepper;

  constructor(readonly model: Model) {
    this.stepper = Stepper.of(model);
  }

  /**
   * The counterexample's trace; sliced, its steps the violation does not depend on are marked folded.
   * A lasso (liveness) is never sliced: slice.ts's criterion and its test ("still violated at the end")
   * are about a last state, not about a cycle that repeats forever, so a lasso is drawn in full.
   */
  build(cex: Counterexample, options: { readonly slice?: boolean } = {}): Trace {
    const property = this.model.properties[cex.property]!;
    const path = this.pathOf(cex.states, cex.processes);
    const lasso = cex.lasso;
    if (lasso) {
      const v = livenessViolation(this.model, property, cex.states, lasso);
      const trace = this.fromPath(cex.states[0]!, path, v, lasso.stop);
      return { ...trace, loop: lasso.loop, ...(lasso.stop && { stops: true }) };
    }
    const v = violation(this.model, property, cex.states[cex.states.length - 1]!);
    const trace = this.fromPath(cex.states[0]!, path, v);
    const kept = options.slice ? sliceRun(this.model, cex.property, cex.states, path) : undefined;
    if (!kept || kept.every((k) => k)) return trace;
    return { ...trace, steps: trace.steps.map((s, i) => (kept[i] ? s : { ...s, folded: true as const })) };
  }

  /** A trace along the given states, ending in `v` if given. */
  fromStates(states: readonly State[], v?: Violation): Trace {
    return this.fromPath(states[0]!, this.pathOf(states), v);
  }

  /**
   * The transitions between consecutive states: by the given process of each step if known,
   * and the first that fits where several do.
   */
  pathOf(states: readonly State[], processes?: readonly number[]): Candidate[] {
    return states.slice(1).map((next, i) => {
      const fits = (c: Candidate) => sameState(c.next, next) && (processes === undefined || c.proc === processes[i]);
      const found = this.stepper.candidates(states[i]!).find(fits);
      if (!found)
        throw new Error(`internal error: no transition leads from state ${i} to state ${i + 1} of the counterexample`);
      return found;
    });
  }

  /** A trace along the given transitions from `initial`, ending in `v` if given (`stuck`: where nothing can move). */
  fromPath(initial: State, path: readonly Candidate[], v?: Violation, stuck = false): Trace {
    const model = this.model;
    const frames = new FrameStacks(model.processes.length);
    const steps: TraceStep[] = [];
    const states = [initial, ...path.map((c) => c.next)];
    let contextSwitches = 0;
    let preemptions = 0;
    path.forEach((c, i) => {
      const before = path[i - 1]?.proc;
      if (before !== undefined && before !== c.proc) {
        contextSwitches++;
        if (this.stepper.candidates(states[i]!).some((x) => x.proc === before)) preemptions++;
      }
      steps.push(frames.step(model, c));
    });
    const last = states[states.length - 1]!;
    // A deadlock, or a liveness run that stops, ends with the step each process waits at.
    const waits = v?.kind === 'deadlock' || stuck ? this.waits(last, frames) : [];
    return {
      model: model.title,
      file: model.source.name,
      constants: constantValues(model),
      processes: model.processes.map((p) => ({ name: p.name, display: p.display })),
      variables: model.slots.filter((s) => !s.isPc).map((s) => s.name),
      states: states.map((s) => values(model, s)),
      steps,
      contextSwitches,
      preemptions,
      ...(v && { violation: v }),
      ...(waits.length > 0 && { waits }),
    };
  }

  /** The step each unfinished process waits at in a deadlocked state, and its false await. */
  private waits(state: State, frames: FrameStacks): WaitingStep[] {
    const model = this.model;
    const vals = valuesOf(model, state);
    return model.processes.flatMap((p) => {
      const events = vals[p.pcSlot] === 0 ? undefined : this.stepper.attempt(state, p.index);
      const at = events?.find((e) => e.k === 'step');
      if (!events || at?.k !== 'step' || at.id < 0) return [];
      const step = frames.clone().step(model, { proc: p.index, step: at.id, failedAssert: -1, next: state, events });
      const stop = runBody(model.steps[at.id]!.body, vals).stops[0];
      const until = stop && model.source.text.slice(stop.at.offset, stop.at.offset + stop.at.length);
      return [
        {
          step,
          ...(until && { until: until.replace(/^await\s+/, '') }),
          values: stop ? readValues(model, stop.cond, state) : [],
        },
      ];
    });
  }
}

/** Each process's entered frames, updated by the events of each step it takes. */
export class FrameStacks {
  private stacks: TraceFrame[][];
  private nextId = 1;

  constructor(processes: number) {
    this.stacks = Array.from({ length: processes }, () => []);
  }

  /** Stacks as given (replay keeps them with its search states); new frames are numbered after theirs. */
  static restore(stacks: readonly (readonly TraceFrame[])[]): FrameStacks {
    const s = new FrameStacks(0);
    s.stacks = stacks.map((f) => f.slice());
    s.nextId = 1 + Math.max(0, ...stacks.flatMap((f) => f.map((x) => x.id)));
    return s;
  }

  /** The frames process `p` is in, outermost first. */
  stack(p: number): readonly TraceFrame[] {
    return this.stacks[p]!;
  }

  /** An independent copy, to try a step without committing to it. */
  clone(): FrameStacks {
    const copy = new FrameStacks(0);
    copy.stacks = this.stacks.map((s) => s.slice());
    copy.nextId = this.nextId;
    return copy;
  }

  step(model: Model, c: Candidate): TraceStep {
    const stack = this.stacks[c.proc]!;
    const notes: TraceStep['notes'][number][] = [];
    for (const e of c.events) {
      if (e.k === 'enter') {
        stack.length = e.depth;
        stack.push({
          id: this.nextId++,
          depth: e.depth,
          text: e.text,
          notes: e.notes.map(([arrow, text]) => ({ arrow: arrow === 1, text })),
        });
      } else if (e.k === 'note') {
        notes.push({ arrow: e.arrow, text: e.text });
      }
    }
    const site = c.step >= 0 ? model.steps[c.step]! : undefined;
    stack.length = site ? site.frames.length : 0;
    const display = site?.display && { kind: site.display.kind, text: displayText(c) };
    return {
      process: c.proc,
      step: c.step,
      at: site ? where(model.source, site.at) : where(model.source, model.processes[c.proc]!.at),
      frames: stack.slice(),
      ...(display && { display }),
      notes,
    };
  }
}

function displayText(c: Candidate): string {
  const e = c.events.find((x) => x.k === 'step');
  return e?.k === 'step' ? e.text : '';
}

export function values(model: Model, state: State): Value[] {
  const s = layoutOf(model).unpack(state);
  const out: Value[] = [];
  model.slots.forEach((slot, i) => {
    if (slot.isPc) return;
    out.push(slotValue(slot.type, s[i]!));
  });
  return out;
}

/** The model's constants as the model writes them (bools, integers, enum members), in the order declared. */
export function constantValues(model: Model): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [name, c] of model.constants) out[name] = slotValue(c.type, c.value);
  return out;
}

function slotValue(type: Model['slots'][number]['type'], v: number): Value {
  return type.kind === 'bool' ? v === 1 : type.kind === 'int' ? v : showValue(type, v);
}

export function violation(model: Model, p: Property, last: State): Violation {
  const at = p.kind === 'deadlock' ? '' : where(model.source, p.at);
  const message =
    p.kind === 'deadlock'
      ? `deadlock: no process can move, and ${blocked(model, last)}`
      : p.kind === 'assert'
        ? `assertion ${p.name} failed`
        : p.kind === 'final'
          ? `final property ${p.name} is false when ${finishers(model, p)} finished`
          : `invariant ${p.name} is false`;
  return {
    property: p.name,
    kind: p.kind,
    at,
    condition: p.text,
    message,
    values: p.cond ? readValues(model, p.cond, last) : [],
  };
}

/** The processes a final property waits for, for its message. */
function finishers(model: Model, p: Property): string {
  return p.after.length ? p.after.map((q) => model.processes[q]!.name).join(', ') : 'every process';
}

/** The variables an expression reads (whole arrays when indexed at run time), with their values. */
export function readValues(model: Model, e: Expr, state: State): Violation['values'] {
  const s = layoutOf(model).unpack(state);
  const reads = new Slots(model.slots.length);
  expr(e, reads);
  // Program counters (read by positions, `p at step`) are shown as where the processes are, not as numbers.
  return model.slots.flatMap((slot, i) =>
    reads.has(i) && !slot.isPc ? [{ name: slot.name, value: slotValue(slot.type, s[i]!) }] : [],
  );
}

/** Where each unfinished process waits, for deadlock reports. */
export function blocked(model: Model, state: State): string {
  const s = layoutOf(model).unpack(state);
  const waiting = model.processes.filter((p) => s[p.pcSlot] !== 0).map((p) => waitsAt(model, state, p.index));
  return waiting.join('; ');
}

/** "relocation waits at btrfs_wait_nocow_writers(bg X)": where an unfinished process is. */
export function waitsAt(model: Model, state: State, proc: number): string {
  const p = model.processes[proc]!;
  const steps = waitingSteps(p, layoutOf(model).get(state, p.pcSlot));
  const shown = steps.map((st) => (st.display ? templateText(st.display.text) : `line ${lineAt(model, st.at)}`));
  return `${p.name} waits at ${shown.join(' or ') || 'its end'}`;
}

function lineAt(model: Model, at: Loc): string {
  return where(model.source, at).replace(/^.*?:(\d+):\d+$/, '$1');
}
