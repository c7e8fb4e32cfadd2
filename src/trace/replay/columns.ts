/*
 * Column assignment: which process each column of a diagram is. A column
 * names a process by its display name or name (or, replaying a trace, by the
 * process it was); where several fit, the ones that can show the most of the
 * column's entries stay, and replay tries every combination left.
 */
import { fail } from '../../lang/index.js';
import type { Model } from '../../model/index.js';
import type { ShownText } from '../texts.js';
import { roleOf } from './entries.js';
import type { ReplayInput } from './types.js';

/** Combinations tried at most, so that many look-alike processes do not multiply the replays. */
const MAX_ASSIGNMENTS = 64;

/** Every assignment of processes to the input's columns (column → process index) worth trying. */
export function assignColumns(model: Model, input: ReplayInput, texts: readonly (readonly ShownText[])[]): number[][] {
  const options = input.columns.map((col, c) => {
    const named = model.processes.filter((p) =>
      col.process !== undefined
        ? p.name === col.process
        : [p.display, p.name, `${p.display} (${p.name})`].includes(col.title),
    );
    if (named.length === 0) {
      const known = model.processes.map((p) => `${p.name} "${p.display}"`).join(', ');
      const loc = input.source
        ? { offset: input.source.text.indexOf(col.title), length: col.title.length }
        : { offset: 0, length: 1 };
      fail(
        input.source ?? model.source,
        loc,
        `no process of the model is called '${col.process ?? col.title}'`,
        `its processes are: ${known}`,
      );
    }
    // Keep the candidates that can show the most of this column's entries.
    const score = (p: number) => input.entries.filter((e) => e.column === c && roleOf(e, texts[p]!) !== 'skip').length;
    const top = Math.max(...named.map((p) => score(p.index)));
    return named.filter((p) => score(p.index) === top).map((p) => p.index);
  });
  const combos: number[][] = [[]];
  for (const opts of options) {
    const next: number[][] = [];
    for (const combo of combos) for (const p of opts) if (!combo.includes(p)) next.push([...combo, p]);
    combos.splice(0, combos.length, ...next.slice(0, MAX_ASSIGNMENTS));
  }
  if (combos.length === 0)
    fail(input.source ?? model.source, { offset: 0, length: 1 }, 'two columns would be the same process');
  return combos;
}
