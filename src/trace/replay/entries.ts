/*
 * What a diagram's entry means in the process its column is: a step that
 * must happen, a call frame that a later step enters, or commentary the
 * model has nothing like (unless it misspells one of the process's calls);
 * and whether a drawn item is the entry. None of this depends on how the
 * walk looks for the steps.
 */
import { closest, DiagnosticError, editDistance } from '../../lang/index.js';
import type { Model } from '../../model/index.js';
import type { DiagramItem } from '../drawing.js';
import { callName, normalise, type ShownText } from '../texts.js';
import type { ReplayEntry, ReplayInput } from './types.js';

/** A step (must happen), a frame (entered by a later step), or nothing of the process (skipped). */
export type Role = 'step' | 'frame' | 'skip';

/** An entry's role; a skipped entry that is a typo carries the error to report when the walk reaches it. */
export type EntryPlan =
  | { readonly role: 'step' | 'frame' }
  | { readonly role: 'skip'; readonly typo?: DiagnosticError };

/** The role of every entry, given the process of each column and what each process can show. */
export function planEntries(
  model: Model,
  input: ReplayInput,
  processes: readonly number[],
  texts: readonly (readonly ShownText[])[],
): EntryPlan[] {
  return input.entries.map((e) => {
    const p = processes[e.column]!;
    const role = roleOf(e, texts[p]!);
    if (role !== 'skip') return { role };
    const typo = typoOf(model, input, e, p, texts[p]!);
    return typo ? { role, typo } : { role };
  });
}

/** What an entry names in a process that can show `texts`. */
export function roleOf(e: ReplayEntry, texts: readonly ShownText[]): Role {
  if (e.kind === 'call') {
    const name = callName(e.text);
    const same = texts.filter((t) => t.kind !== 'note' && callName(t.text) === name);
    if (same.some((t) => t.kind === 'step')) return 'step';
    return same.length > 0 ? 'frame' : 'skip';
  }
  const n = normalise(e.text);
  const same = texts.filter((t) => t.pattern.test(n));
  if (same.some((t) => t.kind !== 'frame')) return 'step';
  return same.length > 0 ? 'frame' : 'skip';
}

/** Whether a drawn item is the entry: the same call, or the same text. */
export function matches(e: ReplayEntry, item: DiagramItem): boolean {
  if (e.kind === 'call') return item.kind === 'call' && callName(item.text) === callName(e.text);
  return normalise(item.text) === normalise(e.text);
}

/** A call name that is almost one of the process's: a typo, reported rather than skipped. */
function typoOf(
  model: Model,
  input: ReplayInput,
  e: ReplayEntry,
  proc: number,
  texts: readonly ShownText[],
): DiagnosticError | undefined {
  const name = callName(e.text);
  if (!name) return undefined;
  const names = [
    ...new Set(
      texts
        .filter((t) => t.kind !== 'note')
        .map((t) => callName(t.text))
        .filter((n): n is string => n !== undefined),
    ),
  ];
  // Tighter than closest()'s bound, so that a call of another function with a similar name stays commentary.
  const near = names.filter(
    (n) => editDistance(n.toLowerCase(), name.toLowerCase()) <= Math.max(2, Math.floor(name.length / 8)),
  );
  if (near.length === 0) return undefined;
  const process = model.processes[proc]!.name;
  return new DiagnosticError({
    source: input.source ?? model.source,
    loc: e.loc ?? { offset: 0, length: 1 },
    message: `${e.label}: ${process} has no step '${name}()'`,
    hint: `closest step names in ${process}: ${closest(name, names, 3)
      .map((n) => `${n}()`)
      .join(', ')}`,
  });
}
