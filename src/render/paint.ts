/*
 * Colour for terminal output, through chalk; every renderer takes a Paint so
 * that tests and pipes get plain text.
 */
import { Chalk } from 'chalk';

export interface Paint {
  bad(s: string): string;
  good(s: string): string;
  warn(s: string): string;
  strong(s: string): string;
  dim(s: string): string;
}

export const plain: Paint = { bad: (s) => s, good: (s) => s, warn: (s) => s, strong: (s) => s, dim: (s) => s };

/** Colour when the stream is a terminal and NO_COLOR is not set. */
export function paintFor(stream: NodeJS.WriteStream, allowed = true): Paint {
  if (!allowed || !stream.isTTY || process.env.NO_COLOR !== undefined) return plain;
  const c = new Chalk({ level: 1 });
  return { bad: c.red.bold, good: c.green, warn: c.yellow, strong: c.bold, dim: c.dim };
}
