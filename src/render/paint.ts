/*
 * Colour for terminal output, through chalk; every renderer takes a Paint so
 * that tests and pipes get plain text. The Paint type itself is the language
 * stage's, because diagnostics are coloured with it too.
 */
import { Chalk } from 'chalk';
import { type Paint, plain } from '../lang/index.js';

export { type Paint, plain };

/** Colour when the stream is a terminal and NO_COLOR is not set. */
export function paintFor(stream: NodeJS.WriteStream, allowed = true): Paint {
  if (!allowed || !stream.isTTY || process.env.NO_COLOR !== undefined) return plain;
  const c = new Chalk({ level: 1 });
  return { bad: c.red.bold, good: c.green, warn: c.yellow, strong: c.bold, dim: c.dim };
}
