/*
 * Property-based search with fast-check. A schedule says which enabled step
 * to take at each point of a run (which process moves, and which way each
 * either/choose goes); fast-check generates schedules, runs each from the
 * initial state checking every property on the way, and shrinks a failing
 * one to a minimal one. A seed and fast-check's path reproduce it exactly.
 *
 * Two ways to read a schedule (the bias):
 * - pct (default): PCT (Burckhardt et al., ASPLOS 2010): each process gets a
 *   random priority, the highest-priority enabled process moves, and at a few
 *   change points the running process drops to the lowest priority. Races
 *   that need a few orderings in a row are found far sooner than by chance;
 * - uniform: every step picks any enabled successor.
 * bench/random-bias.ts measures both on the bundled races (see bench/RESULTS.md).
 *
 * Each schedule also says which processes take part at all (swarm testing,
 * Groce et al., ISSTA 2012): a process left out never moves. fast-check
 * shrinks a left-in process to left-out when the race does not need it, so
 * a shrunk counterexample shows only the processes the race is made of.
 */
import fc from 'fast-check';
import type { State, TransitionSystem } from '../compile/index.js';
import { type LimitOptions, LimitReached, LimitTicker } from './limits.js';
import { ScheduleRunner } from './schedule-runner.js';
import { assembleVerdict, type Bias, type Found, type Limit, type RandomVerdict, statistics } from './verdict.js';

export type { Bias, Found, RandomVerdict } from './verdict.js';

/**
 * The limits: --max-states bounds the states the runs visit (their steps, and the successors of a
 * step being taken), --max-memory what a run holds and the heap's growth; a limit or Ctrl-C stops
 * the runs there, with no verdict unless a violation was found.
 */
export interface RandomOptions extends Pick<LimitOptions, 'maxSeconds' | 'maxStates' | 'maxBytes' | 'interrupted'> {
  /** Property indices to look for (default: all); each gets its own search. */
  properties?: readonly number[];
  /** Schedules tried per property. */
  runs?: number;
  /** Steps per run at most. */
  depth?: number;
  seed?: number;
  /** A fast-check path (with its seed) to replay one schedule exactly. */
  path?: string;
  bias?: Bias;
  /** This job is shard `index` (0-based) of `count`: it tries its share of the runs, with its own seed. */
  shard?: { index: number; count: number };
}

export interface Schedule {
  /** Whether each process takes part in the run. */
  readonly active: readonly boolean[];
  /** pct: a key per process; the process with the smallest key has the highest priority. */
  readonly priorities: readonly number[];
  /** pct's priority change points: steps since the previous one (or the start). */
  readonly changes: readonly number[];
  /** A number per step that picks among the enabled successors (uniform), or among the running process's (pct). */
  readonly picks: readonly number[];
}

export const DEFAULT_RUNS = 1000;
export const DEFAULT_DEPTH = 500;

/** Priority change points are at most this many steps apart: races need few, and early. */
const MAX_GAP = 24;

export function scheduleArbitrary(bias: Bias, depth: number, processes: number): fc.Arbitrary<Schedule> {
  const pick = fc.nat({ max: 0xffff });
  const none = fc.constant([]);
  // In three times in four; shrinking (towards 0) leaves out what the race does not need.
  const active = fc.array(
    fc.nat({ max: 3 }).map((n) => n !== 0),
    { minLength: processes, maxLength: processes },
  );
  if (bias === 'uniform')
    return fc.record({ active, priorities: none, changes: none, picks: fc.array(pick, { maxLength: depth }) });
  return fc.record({
    active,
    priorities: fc.array(pick, { minLength: processes, maxLength: processes }),
    changes: fc.array(fc.nat({ max: MAX_GAP }), { maxLength: 4 }),
    picks: fc.array(pick, { maxLength: 16 }),
  });
}

export interface RunOutcome {
  /** The states visited, from the initial one. */
  readonly states: State[];
  /** The first target property violated, if any. */
  readonly violated?: number;
}

/** Runs one schedule from the initial state; stops at the first violation of an open property. */
export function runSchedule(
  ts: TransitionSystem,
  schedule: Schedule,
  bias: Bias,
  depth: number,
  open: Uint8Array,
  deadlock: number,
): RunOutcome {
  const runner = new ScheduleRunner(ts, bias, depth, open, deadlock);
  const { violated } = runner.run(schedule);
  return violated >= 0 ? { states: runner.states(), violated } : { states: runner.states() };
}

export async function randomSearch(ts: TransitionSystem, options: RandomOptions = {}): Promise<RandomVerdict> {
  const model = ts.model;
  const checked = options.properties ?? model.properties.map((p) => p.index);
  const deadlock = model.properties.find((p) => p.kind === 'deadlock')!.index;
  const bias = options.bias ?? 'pct';
  const depth = options.depth ?? DEFAULT_DEPTH;
  const shard = options.shard ?? { index: 0, count: 1 };
  const baseSeed = options.seed ?? (Date.now() ^ (process.pid << 16)) >>> 0;
  // Shards take different seeds and split the runs, so together they do what one long run would.
  const seed = shard.count > 1 ? Math.imul(baseSeed ^ 0x9e3779b9, shard.index + 1) >>> 0 : baseSeed;
  const runs = Math.max(1, Math.ceil((options.runs ?? DEFAULT_RUNS) / shard.count));
  const arbitrary = scheduleArbitrary(bias, depth, model.processes.length);
  const ticker = new LimitTicker(options, () => stats());
  let steps = 0;
  /** The limit that stopped the runs, if one did: every schedule after it passes at once. */
  let limit: Limit | undefined;
  /** Schedules run, over all the properties (shrinking's included). */
  let tried = 0;
  /** Schedules tried, over all the properties. */
  let runsDone = 0;
  const stats = () => statistics({ generated: steps, distinct: 0, depth: 0, bytes: 0 }, ticker.elapsed());

  const violations: Found[] = [];
  for (const property of checked) {
    if (limit) break;
    const open = new Uint8Array(model.properties.length);
    open[property] = 1;
    // One runner for all of this property's schedules: a run allocates nothing.
    const runner = new ScheduleRunner(ts, bias, depth, open, deadlock);
    runner.watch = (states, bytes) => ticker.during(steps + states, bytes);
    const run = (schedule: Schedule) => {
      tried++;
      try {
        const { steps: taken, violated } = runner.run(schedule);
        steps += taken;
        return violated >= 0 ? { states: runner.states(), violated } : { violated: undefined };
      } catch (e) {
        if (!(e instanceof LimitReached)) throw e;
        steps += runner.stepsSoFar;
        limit = e.limit;
        return { violated: undefined };
      }
    };
    if (options.path !== undefined) {
      // Replay: the exact schedule fast-check reported, run again.
      const [schedule] = fc.sample(arbitrary, { seed, path: options.path, numRuns: 1 });
      const outcome = run(schedule!);
      runsDone++;
      if (outcome.violated !== undefined)
        violations.push({
          property,
          cost: outcome.states.length - 1,
          states: outcome.states,
          seed,
          path: options.path,
          runs: 1,
          shrinks: 0,
          replayed: true,
        });
      continue;
    }
    const triedBefore = tried;
    const details = await fc.check(
      fc.asyncProperty(arbitrary, async (schedule) => {
        limit ??= ticker.check(steps, runner.bytes, 0);
        if (limit) return true;
        const pause = ticker.breathe();
        if (pause) await pause;
        return run(schedule).violated === undefined;
      }),
      {
        seed,
        numRuns: runs,
        ...(options.maxSeconds !== undefined && {
          interruptAfterTimeLimit: Math.max(1, Math.round(ticker.secondsLeft() * 1000)),
        }),
      },
    );
    // Schedules tried before the first failure (or all of them; shrinking not counted), and none past a limit.
    runsDone += limit ? Math.min(details.numRuns, tried - triedBefore) : details.numRuns;
    // fast-check stops itself at the time limit.
    if (details.interrupted && !details.failed) limit ??= 'time';
    if (details.failed && details.counterexample) {
      // (The shrunk schedule failed once, within the limits: its run is no longer than that.)
      const outcome = runSchedule(ts, details.counterexample[0], bias, depth, open, deadlock);
      violations.push({
        property,
        cost: outcome.states.length - 1,
        states: outcome.states,
        seed,
        path: details.counterexamplePath!,
        runs: details.numRuns,
        shrinks: details.numShrinks,
        replayed: false,
      });
    }
  }
  // Random search cannot tell that a property holds, and a limit only cuts the runs short: never complete.
  return {
    ...assembleVerdict('random', { checked, violations, stats: stats(), exhausted: false, limit }),
    violations,
    runs: runsDone,
    seed,
    bias,
  };
}
