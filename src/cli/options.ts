/*
 * Option parsers and helpers shared by the commands.
 */
import { freemem, totalmem } from 'node:os';
import { InvalidArgumentError } from 'commander';
import type { Bias, SearchOptions, StoreKind } from '../pipeline.js';
import { FORMATS, type Format } from '../render/formats.js';

export const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive whole number, not '${v}'`);
  return n;
}

export function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, not '${v}'`);
  return n;
}

/** --max-states, --max-time and --max-memory as commander parses them. */
export interface LimitFlags {
  maxStates?: number;
  maxTime?: number;
  maxMemory?: number;
}

/** The store may use half the machine's memory unless told otherwise (never all of what is free). */
export function searchLimits(opts: LimitFlags): SearchOptions {
  const defaultBytes = Math.min(totalmem() / 2, Math.max(freemem() * 0.8, 256 * 2 ** 20));
  return {
    ...(opts.maxStates !== undefined && { maxStates: opts.maxStates }),
    ...(opts.maxTime !== undefined && { maxSeconds: opts.maxTime }),
    maxBytes: opts.maxMemory !== undefined ? opts.maxMemory * 2 ** 20 : defaultBytes,
  };
}

/**
 * Runs `work` with Ctrl-C (SIGINT) or SIGTERM asking it to stop: it ends as at a limit, with the
 * statistics so far (exit 3). A second signal quits at once (exit 130 or 143; temporary files go
 * all the same, see state/parent-log.ts).
 */
export async function withInterrupt<T>(work: (interrupted: () => boolean) => Promise<T>): Promise<T> {
  let stop = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop) process.exit(signal === 'SIGTERM' ? 143 : 130);
    stop = true;
    const again = signal === 'SIGTERM' ? 'another SIGTERM' : 'Ctrl-C again';
    process.stderr.write(`\nracecheck: stopping (${again} to quit at once)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(() => stop);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function bitsOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 20 || n > 34)
    throw new InvalidArgumentError(`expected a whole number from 20 to 34, not '${v}'`);
  return n;
}

export function storeOption(v: string): StoreKind {
  if (v === 'exact' || v === 'compact' || v === 'bitstate') return v;
  throw new InvalidArgumentError(`expected exact, compact or bitstate, not '${v}'`);
}

export function engineOption(v: string): 'exhaustive' | 'random' {
  if (v === 'exhaustive' || v === 'random') return v;
  throw new InvalidArgumentError(`expected exhaustive or random, not '${v}'`);
}

export function biasOption(v: string): Bias {
  if (v === 'pct' || v === 'uniform') return v;
  throw new InvalidArgumentError(`expected pct or uniform, not '${v}'`);
}

export function seedOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError(`expected a whole number from 0 to 4294967295, not '${v}'`);
  return n;
}

export function shardOption(v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || count < 1 || index < 1 || index > count)
    throw new InvalidArgumentError(`expected i/n with 1 <= i <= n, as in 2/4, not '${v}'`);
  return { index: index - 1, count };
}

export function fairnessOption(v: string): 'none' | 'weak' | 'strong' {
  if (v === 'none' || v === 'weak' || v === 'strong') return v;
  throw new InvalidArgumentError(`expected none, weak or strong, not '${v}'`);
}

export function tracesOption(v: string): 'fewest-switches' | 'shortest' {
  if (v === 'fewest-switches' || v === 'shortest') return v;
  throw new InvalidArgumentError(`expected fewest-switches or shortest, not '${v}'`);
}

export function formatOption(v: string): Format {
  if ((FORMATS as readonly string[]).includes(v)) return v as Format;
  throw new InvalidArgumentError(`expected one of ${FORMATS.join(', ')}, not '${v}'`);
}

export function tableOrJson(v: string): 'table' | 'json' {
  if (v !== 'table' && v !== 'json') throw new InvalidArgumentError(`expected table or json, not '${v}'`);
  return v;
}

/** A fast-check path: numbers separated by colons, as it prints them. */
export function pathOption(v: string): string {
  if (!/^\d+(:\d+)*$/.test(v)) throw new InvalidArgumentError(`expected a fast-check path such as 0:1:1, not '${v}'`);
  return v;
}
