/*
 * The output of `explain`: each old counterexample's replay on the new model,
 * or why there is nothing to explain.
 */

import type { Model } from '../model/index.js';
import type { ExplainedRace } from '../pipeline.js';
import type { Paint } from './paint.js';
import { renderReplay } from './replay.js';

export function renderExplainedRace(
  race: ExplainedRace,
  options: { paint?: Paint; columnWidth?: number } = {},
): string {
  const what = `${race.before.source.name}'s counterexample for ${race.property}`;
  return `${renderReplay(race.result, race.input, { what, ...options })}\n`;
}

/** What `explain` says when the old model violates none of the properties asked about, or a limit stopped it. */
export function nothingToExplain(before: Model, limit?: string): string {
  const name = before.source.name;
  if (limit) return `${name}: ${limitName(limit)} stopped its check before it found a violation: nothing to explain\n`;
  return `${before.source.name}: no property is violated, so there is nothing to explain\n`;
}

/** What a replay's or check's limit is called on the command line. */
export function limitName(limit: string): string {
  return limit === 'interrupted' ? 'Ctrl-C' : limit === 'memory' ? 'the memory limit' : `--max-${limit}`;
}
