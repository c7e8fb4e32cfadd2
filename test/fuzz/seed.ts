/*
 * The one seed every fuzz test runs with, so `npm test` is the same run each time and a failure is
 * reproducible: RACECHECK_FUZZ_SEED=<n> npm test runs another (a soak over seeds is a loop in the shell).
 * Each fuzz test also bounds its own runs in number and time (fast-check's numRuns and interruptAfterTimeLimit).
 */
import type { Parameters } from 'fast-check';

const FROM_ENV = Number(process.env.RACECHECK_FUZZ_SEED);

/** fast-check parameters for a fuzz property: the shared seed, `runs` runs, at most `ms` milliseconds. */
export function fuzzParameters<T>(runs: number, ms = 20_000): Parameters<T> {
  return {
    seed: Number.isSafeInteger(FROM_ENV) ? FROM_ENV : 20261202,
    numRuns: runs,
    interruptAfterTimeLimit: ms,
    markInterruptAsFailure: false,
  };
}
