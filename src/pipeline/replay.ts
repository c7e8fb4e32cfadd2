/*
 * `replay`: is a race diagram (as in a commit message) a run of a model, and
 * does it end in a violation? The diagram read, matched against the model and
 * replayed by a search that takes the limits in `options`.
 */
import type { Source } from '../lang/index.js';
import type { Model } from '../model/index.js';
import { diagramInput, readDiagram } from '../trace/diagram-reader.js';
import { type ReplayInput, type ReplayOptions, type ReplayResult, replay } from '../trace/replay.js';
import type { ExitKind } from './exit.js';

export interface DiagramReplay {
  /** The diagram's entries, as the replay matched them. */
  readonly input: ReplayInput;
  readonly result: ReplayResult;
  /** violated: the diagram is a run that ends in a violation; limit: a limit stopped the search before a verdict. */
  readonly exit: ExitKind;
}

export async function replayDiagram(
  model: Model,
  diagram: Source,
  options: ReplayOptions = {},
): Promise<DiagramReplay> {
  const input = diagramInput(readDiagram(diagram));
  const result = await replay(model, input, options);
  return { input, result, exit: replayExit(result) };
}

/** A run that ends in a violation is 1; a search a limit stopped is 3 (never "infeasible"); else 0. */
export function replayExit(result: ReplayResult): ExitKind {
  const o = result.outcome;
  if (o.kind === 'violation') return 'violated';
  return o.kind === 'undecided' || (o.kind === 'feasible' && !o.complete) ? 'limit' : 'ok';
}
