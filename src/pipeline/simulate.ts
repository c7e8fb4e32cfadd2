/*
 * `simulate`: one random run of a model with no property to look for, every
 * process taking part, until every process has finished, nothing can move,
 * a property breaks or the depth is reached. The same seed gives the same run.
 */
import fc from 'fast-check';
import { compile } from '../compile/index.js';
import { DEFAULT_DEPTH, runSchedule, scheduleArbitrary } from '../explore/index.js';
import type { Model } from '../model/index.js';
import { TraceBuilder, violation } from '../trace/build.js';
import type { Trace } from '../trace/types.js';

export interface SimulateOptions {
  /** Default: from the clock and the process id. */
  readonly seed?: number;
  /** Steps at most (default DEFAULT_DEPTH). */
  readonly depth?: number;
}

export interface Simulation {
  readonly model: Model;
  readonly seed: number;
  readonly depth: number;
  /** The run; its `violation` is set when a property broke (the run stops there). */
  readonly trace: Trace;
  /**
   * Why the run stopped. (With no_deadlock looked for, as it always is here, a run where nothing can move
   * before every process has finished is 'violated'; 'stuck' is what it would be otherwise.)
   */
  readonly ended: 'violated' | 'finished' | 'depth' | 'stuck';
}

export function simulateModel(model: Model, options: SimulateOptions = {}): Simulation {
  const ts = compile(model);
  const seed = options.seed ?? (Date.now() ^ (process.pid << 16)) >>> 0;
  const depth = options.depth ?? DEFAULT_DEPTH;
  const [schedule] = fc.sample(scheduleArbitrary('pct', depth, model.processes.length), { seed, numRuns: 1 });
  const everyone = { ...schedule!, active: schedule!.active.map(() => true) };
  const open = new Uint8Array(model.properties.length).fill(1);
  const deadlock = model.properties.find((p) => p.kind === 'deadlock')!.index;
  const run = runSchedule(ts, everyone, 'pct', depth, open, deadlock);
  const last = run.states[run.states.length - 1]!;
  const trace = new TraceBuilder(model).fromStates(
    run.states,
    run.violated === undefined ? undefined : violation(model, model.properties[run.violated]!, last),
  );
  const ended =
    run.violated !== undefined
      ? 'violated'
      : ts.allDone(last)
        ? 'finished'
        : trace.steps.length >= depth
          ? 'depth'
          : 'stuck';
  return { model, seed, depth, trace, ended };
}
