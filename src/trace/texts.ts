/*
 * What a process can show in a diagram, read from its code: the text of its
 * call frames, steps and notes. Replay uses it to tell a diagram's entry that
 * names something of the model from commentary the model does not have, and
 * a typo from both.
 */
import {
  type Model,
  type StepSite,
  type Template,
  type TemplateSite,
  visitProcess,
  visitStmts,
} from '../model/index.js';

export type { TemplateSite };

export interface ShownText {
  /** A call frame's text, a step's own text, or a note's. */
  readonly kind: TemplateSite;
  /** The template with its holes as `…`. */
  readonly text: string;
  /** For a note: the call name of the step or frame it is drawn under, if it has one. */
  readonly owner?: string;
  /** Whether a concrete text (normalised) is one this template can produce. */
  readonly matches: (normalised: string) => boolean;
}

export function shownTexts(model: Model, proc: number): ShownText[] {
  const out: ShownText[] = [];
  let owner: string | undefined;
  visitProcess(model.processes[proc]!, {
    // A node's own text comes before its notes: the notes of a step or frame are drawn under it.
    node: (n) => {
      const text = n.k === 'step' ? n.step.display?.text : n.k === 'enter' ? n.frame.text : undefined;
      owner = text && callName(templateText(text));
    },
    text: (t, kind) => {
      out.push({ kind, text: templateText(t), ...(owner && { owner }), matches: templateMatcher(t) });
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

/**
 * A template as a matcher of normalised text: its literal pieces must occur
 * in order, the first at the start and the last at the end, each hole taking
 * any text between. The pieces are found leftmost, one pass each, so a text
 * with many holes (`{a}{b}{c}…`) costs one scan rather than the exponential
 * backtracking a regular expression of `.*` holes can take on a text it
 * does not match.
 */
export function templateMatcher(t: Template): (text: string) => boolean {
  // Adjacent holes are one hole; adjacent literals are one piece.
  const pieces: string[] = [''];
  for (const p of t) {
    if (typeof p === 'string') pieces[pieces.length - 1] += p;
    else if (pieces[pieces.length - 1] !== '' || pieces.length === 1) pieces.push('');
  }
  const parts = pieces.map((p) => normalise(p));
  if (parts.length === 1) return (text) => text === parts[0];
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  return (text) => {
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
    let at = first.length;
    const end = text.length - last.length;
    for (const piece of middle) {
      const found = text.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

/** What one step can draw: its frames (and their notes), its text, its notes and the notes in its body. */
export function siteTexts(site: StepSite): ShownText[] {
  const out: ShownText[] = [];
  const add = (t: Template, kind: TemplateSite) =>
    out.push({ kind, text: templateText(t), matches: templateMatcher(t) });
  for (const f of site.frames) {
    add(f.text, 'frame');
    for (const n of f.notes) add(n.text, 'note');
  }
  if (site.display) add(site.display.text, 'step');
  for (const n of site.notes) add(n.text, 'note');
  visitStmts(site.body, { text: (t, kind) => add(t, kind) });
  return out;
}
