/*
 * The command line as a source text, so that a bad argument (an unknown
 * -D name, a missing file) gets the same file:line:col diagnostic, line and
 * caret as an error in a model.
 */
import { fail, type Loc, makeSource, type Source } from '../lang/index.js';
import type { Define } from '../model/index.js';

export class CommandLine {
  readonly source: Source;
  private readonly offsets: number[] = [];

  constructor(readonly args: readonly string[]) {
    let text = '';
    for (const a of args) {
      if (text) text += ' ';
      this.offsets.push(text.length);
      text += a;
    }
    this.source = makeSource('<command line>', text);
  }

  /** Where `value` was written: the argument that equals it, or contains it after an option name. */
  locate(value: string): Loc {
    const i = this.args.indexOf(value);
    if (i >= 0) return { offset: this.offsets[i]!, length: Math.max(1, value.length) };
    const j = this.args.findIndex((a) => a.endsWith(value));
    if (j >= 0)
      return { offset: this.offsets[j]! + this.args[j]!.length - value.length, length: Math.max(1, value.length) };
    return { offset: 0, length: 1 };
  }

  ref(value: string): { source: Source; at: Loc } {
    return { source: this.source, at: this.locate(value) };
  }

  /** Parses `-D NAME=VALUE` arguments. */
  defines(values: readonly string[]): Define[] {
    return values.map((v) => {
      const at = this.locate(v);
      const eq = v.indexOf('=');
      if (eq <= 0) fail(this.source, at, `-D needs NAME=VALUE, as in -D WRITERS=2, not '${v}'`);
      return {
        name: v.slice(0, eq),
        value: v.slice(eq + 1),
        source: this.source,
        at: { offset: at.offset, length: eq },
      };
    });
  }
}
