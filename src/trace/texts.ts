/*
 * What a process can show in a diagram, read from its code: the text of its
 * call frames, steps and notes. Replay uses it to tell a diagram's entry that
 * names something of the model from commentary the model does not have, and
 * a typo from both.
 */
import { type Model, type Template, type TemplateSite, visitProcess } from '../model/index.js';

export type { TemplateSite };

export interface ShownText {
  /** A call frame's text, a step's own text, or a note's. */
  readonly kind: TemplateSite;
  /** The template with its holes as `…`. */
  readonly text: string;
  /** Matches a concrete text this template can produce. */
  readonly pattern: RegExp;
}

export function shownTexts(model: Model, proc: number): ShownText[] {
  const out: ShownText[] = [];
  visitProcess(model.processes[proc]!, {
    text: (t, kind) => {
      out.push({ kind, text: templateText(t), pattern: templatePattern(t) });
    },
  });
  return out;
}

/** A template as text, its holes shown as `…`. */
export function templateText(t: Template): string {
  return t.map((p) => (typeof p === 'string' ? p : '…')).join('');
}

/** Diagram text compares case-blind, with blanks collapsed and a final full stop dropped. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

/** The function name of call text such as `btrfs_direct_IO()`, if it is one. */
export function callName(text: string): string | undefined {
  return /^\s*([A-Za-z_][A-Za-z0-9_]*)\(/.exec(text)?.[1];
}

function templatePattern(t: Template): RegExp {
  const parts = t.map((p) => (typeof p === 'string' ? escapeRegex(normalise(p)) : '.*'));
  return new RegExp(`^${parts.join('')}$`);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
