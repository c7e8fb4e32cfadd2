/*
 * The warnings a model loads with (a check-then-act test, …): printed on
 * stderr unless --no-warnings; --strict makes the first one an error that
 * stops the load (exit 2). Every command that loads a model takes both.
 */
import { Option } from 'commander';
import type { Diagnostic } from '../lang/index.js';
import type { LoadOptions } from '../pipeline.js';
import { printDiagnostic } from './exit.js';
import { type LimitFlags, searchLimits } from './options.js';

/** The flags as commander parses them (`--no-warnings` sets warnings to false). */
export interface WarningFlags {
  warnings: boolean;
  strict?: boolean;
  color: boolean;
}

/** `--no-warnings`, for `.addOption`. */
export function noWarningsOption(): Option {
  return new Option('--no-warnings', 'do not print the warnings a model loads with (on stderr)');
}

/** `--strict`, for `.addOption`. */
export function strictOption(): Option {
  return new Option('--strict', 'make a warning an error: the model does not load (exit 2)');
}

/** How a command loads its models: --strict, and its limits, which hold while a model is built and compiled too. */
export function loadOptions(flags: WarningFlags & LimitFlags): LoadOptions {
  return { strict: flags.strict === true, limits: searchLimits(flags) };
}

/** Prints each warning once (the gate may load one model for several specs). */
export function printWarnings(warnings: readonly Diagnostic[], flags: WarningFlags, seen = new Set<string>()): void {
  if (!flags.warnings) return;
  for (const w of warnings) {
    const key = `${w.source.name}:${w.loc.offset}:${w.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    printDiagnostic(w, flags.color);
  }
}
