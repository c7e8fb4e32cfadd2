/*
 * `simulate`: one random run of a model with no property to look for, every
 * process taking part, until every process has finished, nothing can move,
 * a property breaks or the depth is reached. The same seed gives the same run.
 *
 * The run honours the limits every engine does (limits.ts): --max-states
 * bounds its steps, --max-time its time, --max-memory what it holds, Ctrl-C
 * stops it. Drawing a run costs far more than taking it (about a kilobyte of
 * heap and tens of microseconds a step), so the memory the drawing will need
 * counts from the start, and a run a limit stopped is not drawn: the result
 * says how far it got.
 */
import fc from 'fast-check';
import { compile } from '../compile/index.js';
import { DEFAULT_DEPTH, type LimitOptions, scheduleArbitrary } from '../explore/index.js';
import { heapUsed, LimitReached, LimitTicker } from '../explore/limits.js';
import { ScheduleRunner } from '../explore/schedule-runner.js';
import type { Limit, Stats } from '../explore/verdict.js';
import { statistics } from '../explore/verdict.js';
import type { Model } from '../model/index.js';
import { TraceBuilder, violation } from '../trace/build.js';
import type { Trace } from '../trace/types.js';

export interface SimulateOptions extends Pick<LimitOptions, 'maxStates' | 'maxSeconds' | 'maxBytes' | 'interrupted'> {
  /** Default: from the clock and the process id. */
  readonly seed?: number;
  /** Steps at most (default DEFAULT_DEPTH). */
  readonly depth?: number;
}

export interface Simulation {
  readonly model: Model;
  readonly seed: number;
  readonly depth: number;
  /** The run; its `violation` is set when a property broke (the run stops there). Empty at a limit. */
  readonly trace: Trace;
  /**
   * Why the run stopped. (With no_deadlock looked for, as it always is here, a run where nothing can move
   * before every process has finished is 'violated'; 'stuck' is what it would be otherwise.) 'limit': a
   * limit or Ctrl-C stopped it (`limit` says which) after `stats.generated` steps, and it is not drawn.
   */
  readonly ended: 'violated' | 'finished' | 'depth' | 'stuck' | 'limit';
  readonly limit?: Limit;
  /** Steps taken (as `generated`), seconds, and what the run held. */
  readonly stats: Stats;
}

/** Heap a step of a drawn run takes (measured: about 1.1 KB on a one-variable model), with some room. */
const TRACE_BYTES_PER_STEP = 1536;
/** Steps taken between turns of the event loop (so that Ctrl-C is seen). */
const TURN = 1 << 16;

export async function simulateModel(model: Model, options: SimulateOptions = {}): Promise<Simulation> {
  const ts = compile(model);
  const seed = options.seed ?? (Date.now() ^ (process.pid << 16)) >>> 0;
  const depth = options.depth ?? DEFAULT_DEPTH;
  const [schedule] = fc.sample(scheduleArbitrary('pct', depth, model.processes.length), { seed, numRuns: 1 });
  const everyone = { ...schedule!, active: schedule!.active.map(() => true) };
  const open = new Uint8Array(model.properties.length).fill(1);
  const deadlock = model.properties.find((p) => p.kind === 'deadlock')!.index;
  const runner = new ScheduleRunner(ts, 'pct', depth, open, deadlock);
  const ticker = new LimitTicker(options, () => stats());
  const stats = () =>
    statistics(
      { generated: runner.stepsSoFar, distinct: 0, depth: runner.stepsSoFar, bytes: runner.bytes },
      ticker.elapsed(),
    );
  // The drawing's heap counts from the first step, and must fit below V8's heap limit whatever --max-memory says.
  const heap = heapUsed();
  const room = heap.ceiling - heap.used;
  runner.watch = (steps, bytes) => {
    const drawing = steps * TRACE_BYTES_PER_STEP;
    if (drawing > room) throw new LimitReached('memory');
    ticker.during(steps, bytes + drawing);
  };
  let limit: Limit | undefined;
  try {
    runner.begin(everyone);
    while (!runner.advance(TURN)) {
      const pause = ticker.breathe();
      if (pause) await pause;
      if (ticker.interrupted()) throw new LimitReached('interrupted');
    }
  } catch (e) {
    if (!(e instanceof LimitReached)) throw e;
    limit = e.limit;
  }
  const builder = new TraceBuilder(model);
  if (limit) {
    // Not drawn: only the initial state, so that the result keeps its shape.
    const trace = builder.fromStates([ts.initial()]);
    return { model, seed, depth, trace, ended: 'limit', limit, stats: stats() };
  }
  const states = runner.states();
  const violated = runner.violatedProperty;
  const last = states[states.length - 1]!;
  const trace = builder.fromStates(
    states,
    violated === undefined ? undefined : violation(model, model.properties[violated]!, last),
  );
  const ended =
    violated !== undefined
      ? 'violated'
      : ts.allDone(last)
        ? 'finished'
        : trace.steps.length >= depth
          ? 'depth'
          : 'stuck';
  return { model, seed, depth, trace, ended, stats: stats() };
}
