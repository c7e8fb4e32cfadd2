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
    return this.find(value, 0)?.at ?? { offset: 0, length: 1 };
  }

  /** The first argument from `from` on that is `value` or ends with it, and where `value` is in it. */
  private find(value: string, from: number): { index: number; at: Loc } | undefined {
    const length = Math.max(1, value.length);
    for (let i = from; i < this.args.length; i++)
      if (this.args[i] === value) return { index: i, at: { offset: this.offsets[i]!, length } };
    for (let i = from; i < this.args.length; i++) {
      const a = this.args[i]!;
      if (a.endsWith(value)) return { index: i, at: { offset: this.offsets[i]! + a.length - value.length, length } };
    }
    return undefined;
  }

  ref(value: string): { source: Source; at: Loc } {
    return { source: this.source, at: this.locate(value) };
  }

  /**
   * Parses `-D NAME=VALUE` arguments (in order: each is looked for after the one before, so that
   * the same text given twice points at each), each pointing at its name and at its value.
   */
  defines(values: readonly string[]): Define[] {
    let from = 0;
    return values.map((v) => {
      const found = this.find(v, from);
      if (found) from = found.index + 1;
      const at = found?.at ?? { offset: 0, length: 1 };
      const eq = v.indexOf('=');
      if (eq <= 0) fail(this.source, at, `-D needs NAME=VALUE, as in -D WRITERS=2, not '${v}'`);
      return {
        name: v.slice(0, eq),
        value: v.slice(eq + 1),
        source: this.source,
        at: { offset: at.offset, length: eq },
        valueAt: { offset: at.offset + eq + 1, length: Math.max(1, v.length - eq - 1) },
      };
    });
  }
}
