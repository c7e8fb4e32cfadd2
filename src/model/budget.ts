/*
 * Limits that hold before the first state. Building a model expands it (`for` loops unrolled,
 * `def`s and procedures expanded at each use, process arrays made into instances) and compiling
 * it expands it again (compile/code-size.ts): a one-line model can ask for more than the machine
 * has. So each expansion is measured before it is done, and refused past a fixed size with a
 * diagnostic at the construct; and both stages watch the command's --max-memory and --max-time
 * as they go, and stop (exit 3) rather than let the process die of heap exhaustion.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { plural } from '../lang/index.js';

/** IR nodes (expressions, statements, control nodes) a model may expand to. */
export const EXPANSION_LIMIT = 1_000_000;

/** Process instances a model may have. */
export const PROCESS_LIMIT = 10_000;

/** Scalar slots (state variables, array elements and program counters) a model may have. */
export const SLOT_LIMIT = 1 << 20;

/**
 * The heap's old generations, the memory a stage or a search keeps: the young generation is left
 * out, its garbage would make the figure jump (explore/limits.ts counts the same).
 */
export function keptHeap(): number {
  let kept = 0;
  for (const space of getHeapSpaceStatistics()) if (!space.space_name.startsWith('new_')) kept += space.space_used_size;
  return kept;
}

/** A count as the messages show it: 16,777,216. */
export function count(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'more than 10^308';
}

/** A stage stopped at --max-memory or --max-time before the search began. */
export class StageLimitError extends Error {
  constructor(
    readonly limit: 'memory' | 'time',
    message: string,
  ) {
    super(message);
    this.name = 'StageLimitError';
  }
}

export interface StageLimits {
  /** Bytes of JavaScript heap the process may use (--max-memory). */
  readonly maxBytes?: number;
  /** Seconds from now the stages may take (--max-time). */
  readonly maxSeconds?: number;
}

let maxBytes = Infinity;
/** The heap when the limits were set: --max-memory counts what the stages add, as a search counts its growth. */
let heapAtStart = 0;
let deadline = Infinity;
let seconds = Infinity;
let ticks = 0;

/**
 * The limits the model stage and the next compile stage stop at (a command sets them before it
 * loads a model). They hold until that compile ends (liftStageLimits): the search then watches its
 * own, and compiling again later (to draw a trace, after a search that may have filled the memory
 * it was allowed) must not turn a verdict into a stop.
 */
export function limitStages(limits: StageLimits): void {
  maxBytes = limits.maxBytes ?? Infinity;
  heapAtStart = keptHeap();
  seconds = limits.maxSeconds ?? Infinity;
  deadline = Date.now() + seconds * 1000;
}

export function liftStageLimits(): void {
  maxBytes = Infinity;
  deadline = Infinity;
}

/** How often (in calls of watchStage) the heap and the clock are read: reading them costs microseconds. */
const EVERY = 1024;

/** Called as a stage does its work: throws StageLimitError once the heap or the time is past its limit. */
export function watchStage(stage: 'building the model' | 'compiling'): void {
  if (++ticks % EVERY !== 0) return;
  if (maxBytes < Infinity) {
    const heap = keptHeap() - heapAtStart;
    if (heap > maxBytes) {
      const mib = (n: number) => `${+(n / 2 ** 20).toFixed(1)} MiB`;
      throw new StageLimitError(
        'memory',
        `stopped while ${stage}: memory limit ${mib(maxBytes)} reached (the heap grew by ${mib(heap)})`,
      );
    }
  }
  if (Date.now() > deadline) {
    throw new StageLimitError('time', `stopped while ${stage}: time limit ${plural(seconds, 'second')} reached`);
  }
}
