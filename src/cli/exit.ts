/*
 * Exit codes, as documented in the README:
 *   0 every property holds (every expectation met, for `gate`)
 *   1 a property is violated (an expectation missed)
 *   2 bad usage, or a model or spec that does not load
 *   3 a resource limit (or Ctrl-C) stopped the run before a verdict
 */
import { type Diagnostic, formatDiagnostic } from '../lang/index.js';
import type { ExitKind } from '../pipeline.js';
import { paintFor } from '../render/paint.js';

export const EXIT = { ok: 0, violated: 1, usage: 2, limit: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of how a pipeline run ended (a model's run-time failure is an error in the model: 2). */
export function exitCode(kind: ExitKind): ExitCode {
  return { ok: EXIT.ok, violated: EXIT.violated, error: EXIT.usage, limit: EXIT.limit }[kind];
}

/** Combines the codes of several runs: a load error first, then a violation, then a limit. */
export function worst(codes: readonly ExitCode[]): ExitCode {
  for (const c of [EXIT.usage, EXIT.violated, EXIT.limit] as const) if (codes.includes(c)) return c;
  return EXIT.ok;
}

/** Prints a diagnostic on stderr (in colour on a terminal, unless told not to). */
export function printDiagnostic(d: Diagnostic, color = true): void {
  const paint = paintFor(process.stderr, color);
  process.stderr.write(`${formatDiagnostic(d, paint)}\n`);
}
