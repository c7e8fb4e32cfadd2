/*
 * Option parsers and helpers shared by the commands.
 */
import { freemem, totalmem } from 'node:os';
import { InvalidArgumentError } from 'commander';
import type { SearchOptions } from '../explore/index.js';

export const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`expected a positive whole number, not '${v}'`);
  return n;
}

export function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, not '${v}'`);
  return n;
}

/** The store may use half the machine's memory unless told otherwise (never all of what is free). */
export function searchLimits(opts: { maxStates?: number; maxTime?: number; maxMemory?: number }): SearchOptions {
  const defaultBytes = Math.min(totalmem() / 2, Math.max(freemem() * 0.8, 256 * 2 ** 20));
  return {
    ...(opts.maxStates !== undefined && { maxStates: opts.maxStates }),
    ...(opts.maxTime !== undefined && { maxSeconds: opts.maxTime }),
    maxBytes: opts.maxMemory !== undefined ? opts.maxMemory * 2 ** 20 : defaultBytes,
  };
}

/** Runs `work` with Ctrl-C asking it to stop (a second Ctrl-C quits at once). */
export async function withInterrupt<T>(work: (interrupted: () => boolean) => Promise<T>): Promise<T> {
  let stop = false;
  const onSigint = () => {
    if (stop) process.exit(130);
    stop = true;
    process.stderr.write('\nracecheck: stopping (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSigint);
  try {
    return await work(() => stop);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
