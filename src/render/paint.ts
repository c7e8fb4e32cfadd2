/*
 * Colour for terminal output, through chalk; every renderer takes a Paint so
 * that tests and pipes get plain text. The Paint type itself is the language
 * stage's, because diagnostics are coloured with it too.
 */
import { Chalk, supportsColor, supportsColorStderr } from 'chalk';
import { type Paint, plain } from '../lang/index.js';

export { type Paint, plain };

/** What colour depends on in a stream (a structural type, so the declarations need no Node types). */
export interface ColorStream {
  readonly isTTY?: boolean;
}

/**
 * Colour as chalk decides it for the stream (a terminal, TERM, CI, and FORCE_COLOR: 0 or false turns
 * it off, 1 to 3 or true turns it on even in a pipe), off when `allowed` is false (--no-color) or
 * NO_COLOR is set to anything but the empty string (no-color.org) and FORCE_COLOR is not set.
 */
export function paintFor(stream: ColorStream, allowed = true): Paint {
  const env = process.env;
  if (!allowed) return plain;
  if (env.FORCE_COLOR === undefined && env.NO_COLOR) return plain;
  const level = colorLevel(stream);
  if (level === 0) return plain;
  const c = new Chalk({ level });
  return { bad: c.red.bold, good: c.green, warn: c.yellow, strong: c.bold, dim: c.dim };
}

/** Chalk's level for standard output and standard error; for another stream, basic colour on a terminal. */
function colorLevel(stream: ColorStream): 0 | 1 | 2 | 3 {
  if (stream === process.stdout) return supportsColor ? supportsColor.level : 0;
  if (stream === process.stderr) return supportsColorStderr ? supportsColorStderr.level : 0;
  return stream.isTTY ? 1 : 0;
}
