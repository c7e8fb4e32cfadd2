/*
 * What a diagram's entry means in the process its column is, decided before
 * any search: a step's drawing that must happen, a call the model draws as a
 * frame (a place in the column, not a step of its own), or commentary the
 * model has nothing like, skipped with the reason. A line that names a call
 * of the process (a call line, or a note that begins with a call name) must
 * match, or is an error that names the closest calls or notes; `strict` makes
 * every unmatched line an error.
 */
import { closest, DiagnosticError, editDistance } from '../../lang/index.js';
import type { Model } from '../../model/index.js';
import type { DiagramItem } from '../drawing.js';
import { callName, normalise, type ShownText } from '../texts.js';
import type { ReplayEntry, ReplayInput } from './types.js';

/** A step (must happen), a frame (entered by a later step), or nothing of the process (skipped). */
export type Role = 'step' | 'frame' | 'skip';

export type EntryPlan =
  /**
   * Drawn by a step of the process: `matches` tells the drawn item that is the entry, and
   * `shows` a text of the model (a template) that can draw it.
   */
  | {
      readonly role: 'step';
      readonly matches: (item: DiagramItem) => boolean;
      readonly shows: (t: ShownText) => boolean;
    }
  | { readonly role: 'frame' }
  | { readonly role: 'skip'; readonly why: string };

/** The plan of every entry, or the first line that must match and cannot. */
export function planEntries(
  model: Model,
  input: ReplayInput,
  processes: readonly number[],
  texts: readonly (readonly ShownText[])[],
  strict = false,
): EntryPlan[] | DiagnosticError {
  const plans: EntryPlan[] = [];
  for (const e of input.entries) {
    const p = processes[e.column]!;
    const plan = planOf(model, input, e, p, texts[p]!);
    if (plan instanceof DiagnosticError) return plan;
    plans.push(plan);
  }
  if (strict) {
    const skipped = plans.flatMap((plan, i) => (plan.role === 'skip' ? [i] : []));
    if (skipped.length > 0) {
      const e = input.entries[skipped[0]!]!;
      const plan = plans[skipped[0]!] as EntryPlan & { role: 'skip' };
      const more = skipped.length > 1 ? `, and ${skipped.length - 1} more line(s) match nothing either` : '';
      return error(model, input, e, `${e.label}: ${plan.why} (--strict: every line must match)${more}`);
    }
  }
  return plans;
}

/** What an entry names in a process that can show `texts`: how many of a column's entries it can draw. */
export function roleOf(e: ReplayEntry, texts: readonly ShownText[]): Role {
  if (e.kind === 'call') {
    const name = callName(e.text);
    const same = texts.filter((t) => t.kind !== 'note' && callName(t.text) === name);
    if (same.some((t) => t.kind === 'step')) return 'step';
    return same.length > 0 ? 'frame' : 'skip';
  }
  const n = normalise(e.text);
  const same = texts.filter((t) => t.matches(n));
  if (same.some((t) => t.kind !== 'frame')) return 'step';
  if (same.length > 0) return 'frame';
  return callName(e.text) && noteCandidates(e, texts).length > 0 ? 'step' : 'skip';
}

function planOf(
  model: Model,
  input: ReplayInput,
  e: ReplayEntry,
  proc: number,
  texts: readonly ShownText[],
): EntryPlan | DiagnosticError {
  const process = model.processes[proc]!.name;
  const name = callName(e.text);
  const calls = callNames(texts);
  if (e.kind === 'call') {
    const role = roleOf(e, texts);
    if (role === 'frame') return { role };
    if (role === 'step')
      return {
        role,
        matches: (item) => item.kind === 'call' && callName(item.text) === name,
        shows: (t) => t.kind !== 'note' && callName(t.text) === name,
      };
    if (name && isTypo(name, calls)) {
      const near = closest(name, calls, 3).map((n) => `${n}()`);
      return error(model, input, e, `${e.label}: ${process} has no step '${name}()'`, closestHint(process, near));
    }
    return { role: 'skip', why: `${process} has no call ${name ?? e.text}` };
  }
  const n = normalise(e.text);
  const exact = texts.filter((t) => t.matches(n));
  if (exact.some((t) => t.kind !== 'frame'))
    return {
      role: 'step',
      matches: (item) => item.kind !== 'call' && normalise(item.text) === n,
      shows: (t) => t.matches(n),
    };
  if (exact.length > 0) return { role: 'frame' };
  if (!name) return { role: 'skip', why: `${process} draws nothing like it` };
  // A note that begins with a call name: it must be one of the notes the model draws for that call.
  const best = noteCandidates(e, texts);
  if (best.length > 0)
    return {
      role: 'step',
      matches: (item) => item.kind !== 'call' && best.some((t) => t.matches(normalise(item.text))),
      shows: (t) => best.some((b) => b.kind === t.kind && b.text === t.text),
    };
  const known = calls.includes(name) || texts.some((t) => t.kind === 'note' && callName(t.text) === name);
  if (known || isTypo(name, calls)) {
    const near = known ? notesOf(name, texts).map((t) => `"${t.text}"`) : closest(name, calls, 3).map((c) => `${c}()`);
    const message = known
      ? `${e.label}: ${process} draws no note of ${name}() like this one`
      : `${e.label}: ${process} has no call '${name}()'`;
    const hint = near.length
      ? known
        ? `its notes of ${name}(): ${near.join(', ')}`
        : closestHint(process, near)
      : `${name}() draws no note in ${process}: write the call on a line of its own`;
    return error(model, input, e, message, hint);
  }
  return { role: 'skip', why: `${process} has no call ${name}()` };
}

/**
 * The model's notes that a diagram note `name() …` can be: notes that begin
 * with the same call name, and notes drawn under a step or frame of that
 * name; of those, the ones sharing the most words with it (none share any:
 * none). So "btrfs_extent_readonly() returns false, bg X is still writable"
 * is the model's "btrfs_extent_readonly() returns false: writes in place" and
 * not its "… returns true: falls back to COW".
 */
function noteCandidates(e: ReplayEntry, texts: readonly ShownText[]): ShownText[] {
  const name = callName(e.text);
  if (!name) return [];
  const rest = words(e.text.replace(/^\s*[A-Za-z_]\w*\([^)]*\)/, ''));
  const scored = notesOf(name, texts).map((t) => {
    const theirs = words(callName(t.text) === name ? t.text.replace(/^\s*[A-Za-z_]\w*\([^)]*\)/, '') : t.text);
    const shared = [...rest].filter((w) => theirs.has(w)).length;
    return { t, score: shared / (rest.size + theirs.size - shared || 1) };
  });
  const top = Math.max(0, ...scored.map((s) => s.score));
  return top > 0 ? scored.filter((s) => s.score === top).map((s) => s.t) : [];
}

/** The notes that begin with call `name`, or are drawn under a step or frame called `name`. */
function notesOf(name: string, texts: readonly ShownText[]): ShownText[] {
  return texts.filter((t) => t.kind === 'note' && (callName(t.text) === name || t.owner === name));
}

function words(text: string): Set<string> {
  return new Set(
    normalise(text)
      .split(/[^a-z0-9_]+/)
      .filter((w) => w.length > 0),
  );
}

/** The call names of the process's steps and frames. */
function callNames(texts: readonly ShownText[]): string[] {
  const names = texts.filter((t) => t.kind !== 'note').map((t) => callName(t.text));
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}

/** Tighter than closest()'s bound, so that a call of another function with a similar name stays commentary. */
function isTypo(name: string, names: readonly string[]): boolean {
  const bound = Math.max(2, Math.floor(name.length / 8));
  return names.some((n) => editDistance(n.toLowerCase(), name.toLowerCase()) <= bound);
}

function closestHint(process: string, near: readonly string[]): string {
  return `closest step names in ${process}: ${near.join(', ')}`;
}

function error(model: Model, input: ReplayInput, e: ReplayEntry, message: string, hint?: string): DiagnosticError {
  return new DiagnosticError({
    source: input.source ?? model.source,
    loc: e.loc ?? { offset: 0, length: 1 },
    // Where the entry has a place in the source, the diagnostic points there; else its label says where it is.
    message: e.loc ? message.replace(`${e.label}: `, '') : message,
    ...(hint !== undefined && { hint }),
  });
}
