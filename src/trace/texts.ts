/*
 * What a process can show in a diagram, read from its code: the text of its
 * call frames, steps and notes. Replay uses it to tell a diagram's entry that
 * names something of the model from commentary the model does not have, and
 * a typo from both.
 */
import type { Model, Note, Stmt, Template } from '../model/index.js';

export interface ShownText {
  /** A call frame's text, a step's own text, or a note's. */
  readonly kind: 'frame' | 'step' | 'note';
  /** The template with its holes as `…`. */
  readonly text: string;
  /** Matches a concrete text this template can produce. */
  readonly pattern: RegExp;
}

export function shownTexts(model: Model, proc: number): ShownText[] {
  const out: ShownText[] = [];
  const add = (kind: ShownText['kind'], t: Template) =>
    out.push({ kind, text: templateText(t), pattern: templatePattern(t) });
  const notes = (ns: readonly Note[]) => {
    for (const n of ns) add('note', n.text);
  };
  const body = (ss: readonly Stmt[]): void =>
    ss.forEach((s) => {
      if (s.k === 'note') add('note', s.note.text);
      else if (s.k === 'if') {
        body(s.then);
        body(s.else);
      } else if (s.k === 'either') s.branches.forEach(body);
      else if (s.k === 'while') body(s.body);
    });
  for (const node of model.processes[proc]!.nodes) {
    if (node.k === 'enter') {
      add('frame', node.frame.text);
      notes(node.frame.notes);
    } else if (node.k === 'step') {
      if (node.step.display) add('step', node.step.display.text);
      notes(node.step.notes);
      body(node.step.body);
    }
  }
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
