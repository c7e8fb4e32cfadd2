/*
 * The rule of the replay search for one step. Besides the model's state, a
 * search state holds how far the diagram has been drawn (`at`, the next
 * entry: entries are drawn in the diagram's order) and, for each process,
 * its entered call frames (drawn yet or not) and what its last step drew
 * that no entry has matched yet (a note under a call may be the diagram's
 * line after another column's). A step either draws the next entry of its
 * process's column, and must then wait for that entry's turn; or it draws
 * nothing the column expects next, and may happen at any time (a step the
 * diagram leaves out). A call the model draws as a frame is a place in its
 * column, not a step: it is passed when its turn comes.
 */
import type { Model } from '../../model/index.js';
import { FrameStacks } from '../build.js';
import { type DiagramItem, stepItems } from '../drawing.js';
import type { Candidate } from '../stepper.js';
import type { TraceFrame, TraceStep } from '../types.js';
import type { EntryPlan } from './entries.js';

/** A process's drawing so far: its frames (the first `drawn` of them are on the diagram) and what is left over. */
export interface Pen {
  readonly frames: readonly TraceFrame[];
  readonly drawn: number;
  readonly leftover: readonly DiagramItem[];
  readonly key: string;
}

/** How far the diagram is drawn, and each process's pen. */
export interface Side {
  readonly at: number;
  readonly pens: readonly Pen[];
}

/** The diagram as the search reads it: the entries that are not commentary, in order. */
export class Script {
  readonly n: number;
  /** Script position → index of the input entry. */
  readonly entry: readonly number[];
  readonly column: readonly number[];
  readonly plan: readonly (EntryPlan & { role: 'step' | 'frame' })[];
  /** Process → its column, or -1 when the diagram has no column for it. */
  readonly columnOf: Int32Array;
  /** [column][at]: the first step entry of the column at or after `at` (n: none). */
  private readonly next: Int32Array[];

  constructor(
    entries: readonly { readonly column: number }[],
    plans: readonly EntryPlan[],
    /** Column → process. */
    readonly processes: readonly number[],
    processCount: number,
  ) {
    const kept = plans.flatMap((p, i) => (p.role === 'skip' ? [] : [i]));
    this.entry = kept;
    this.n = kept.length;
    this.column = kept.map((i) => entries[i]!.column);
    this.plan = kept.map((i) => plans[i] as EntryPlan & { role: 'step' | 'frame' });
    this.columnOf = new Int32Array(processCount).fill(-1);
    processes.forEach((p, c) => {
      this.columnOf[p] = c;
    });
    this.next = processes.map((_, c) => {
      const t = new Int32Array(this.n + 1).fill(this.n);
      for (let at = this.n - 1; at >= 0; at--)
        t[at] = this.column[at] === c && this.plan[at]!.role === 'step' ? at : t[at + 1]!;
      return t;
    });
  }

  /** The next step entry of `column` at or after `at`. */
  nextOf(column: number, at: number): number {
    return this.next[column]![at]!;
  }

  matches(at: number, item: DiagramItem): boolean {
    const plan = this.plan[at]!;
    return plan.role === 'step' && plan.matches(item);
  }
}

/** What a step did to the drawing: the new side, and the entries drawn (by the step, and from leftovers). */
export interface Move {
  readonly side: Side;
  /** Script positions the step itself drew. */
  readonly drew: readonly number[];
  /** Script positions drawn from what an earlier step of a process left over: [position, process]. */
  readonly leftovers: readonly (readonly [number, number])[];
}

export function pen(frames: readonly TraceFrame[], drawn: number, leftover: readonly DiagramItem[]): Pen {
  const f = frames
    .map((x) => `${x.depth}:${x.text}${x.notes.map((n) => `\u0003${n.arrow ? '>' : ''}${n.text}`).join('')}`)
    .join('\u0001');
  const l = leftover.map((i) => `${i.kind}${i.depth}:${i.text}`).join('\u0001');
  return { frames, drawn, leftover, key: `${drawn}|${f}|${l}` };
}

export function sideKey(side: Side): string {
  return `${side.at}\u0002${side.pens.map((p) => p.key).join('\u0002')}`;
}

/** The drawing before any step: the frames at the diagram's start passed. */
export function initialSide(script: Script, processes: number): Side {
  const empty = pen([], 0, []);
  return settle(script, { at: 0, pens: Array.from({ length: processes }, () => empty) }, []);
}

/**
 * The ways step `c` can go from `side`: none when it may not happen now (what it draws is the
 * diagram's later); drawing the next entries when it is their turn. `lenient` also lets every step
 * be one the diagram leaves out, even one that draws an entry's text (a call the model makes twice,
 * of which the diagram draws the second): what makes "no run draws it" a claim about every run.
 */
export function tryMoves(model: Model, script: Script, side: Side, c: Candidate, lenient = false): Move[] {
  const q = c.proc;
  const col = script.columnOf[q]!;
  const mine = side.pens[q]!;
  const j = col >= 0 ? script.nextOf(col, side.at) : script.n;
  // What the process's last step drew is the column's next line: nothing more of it until that line's turn.
  const waiting = j < script.n && mine.leftover.some((item) => script.matches(j, item));
  if (waiting && !lenient) return [];
  const { step, items } = drawStep(model, side, c);
  const stacks = step.frames;
  // A drawn step draws every frame it runs in; a silent one leaves the frames it enters undrawn.
  const drawn = items.length > 0 ? stacks.length : sharedPrefix(stacks, mine.frames, mine.drawn);
  const moveTo = (at: number, leftover: readonly DiagramItem[], drew: number[]): Move => {
    const pens = side.pens.slice();
    pens[q] = pen(stacks, drawn, leftover);
    const leftovers: [number, number][] = [];
    return { side: settle(script, { at, pens }, leftovers), drew, leftovers };
  };
  const undrawn = () => moveTo(side.at, [], []);
  if (waiting || j >= script.n || !items.some((item) => script.matches(j, item))) return [undrawn()];
  if (j !== side.at) return lenient ? [undrawn()] : [];
  let at = side.at;
  let cursor = 0;
  const drew: number[] = [];
  while (at < script.n) {
    if (script.plan[at]!.role === 'frame') {
      at++;
      continue;
    }
    if (script.column[at] !== col) break;
    const k = items.findIndex((item, x) => x >= cursor && script.matches(at, item));
    if (k < 0) break;
    drew.push(at);
    cursor = k + 1;
    at++;
  }
  const drawing = moveTo(at, items.slice(cursor), drew);
  return lenient ? [drawing, undrawn()] : [drawing];
}

/** The step `c` as the diagram draws it from `side`: its TraceStep, and the items it draws. */
export function drawStep(model: Model, side: Side, c: Candidate): { step: TraceStep; items: DiagramItem[] } {
  const mine = side.pens[c.proc]!;
  const stacks = FrameStacks.restore(side.pens.map((p) => p.frames));
  const drawnIds = new Set(mine.frames.slice(0, mine.drawn).map((f) => f.id));
  const step = stacks.step(model, c);
  return { step, items: stepItems(step, drawnIds) };
}

/** How many of the first frames of `now` are the same frames as the first `drawn` of `before`. */
function sharedPrefix(now: readonly TraceFrame[], before: readonly TraceFrame[], drawn: number): number {
  let k = 0;
  while (k < now.length && k < drawn && now[k]!.id === before[k]!.id) k++;
  return k;
}

/** Passes the frames whose turn it is, and draws the entries that a process's leftover shows. */
function settle(script: Script, side: Side, leftovers: [number, number][]): Side {
  let { at } = side;
  let pens: Pen[] | undefined;
  while (at < script.n) {
    if (script.plan[at]!.role === 'frame') {
      at++;
      continue;
    }
    const r = script.processes[script.column[at]!]!;
    const p = (pens ?? side.pens)[r]!;
    const k = p.leftover.findIndex((item) => script.matches(at, item));
    if (k < 0) break;
    pens ??= side.pens.slice();
    pens[r] = pen(p.frames, p.drawn, p.leftover.slice(k + 1));
    leftovers.push([at, r]);
    at++;
  }
  return { at, pens: pens ?? side.pens };
}

/** What a step's recorded events say: the frames it enters, its text and its notes, with their values. */
export function eventsKey(c: Candidate): string {
  let key = '';
  for (const e of c.events) {
    if (e.k === 'enter') key += `\u0001e${e.depth}:${e.text}:${e.notes.map((n) => n.join(':')).join('\u0003')}`;
    else if (e.k === 'step') key += `\u0001s${e.text}`;
    else key += `\u0001n${e.arrow ? 1 : 0}${e.text}`;
  }
  return key;
}
