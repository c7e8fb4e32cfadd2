/*
 * `replay`: is a race diagram (as in a commit message) a run of a model, and
 * does it end in a violation? The diagram read, matched against the model and
 * replayed; the search for a violation after its end takes `limits`.
 */
import type { Source } from '../lang/index.js';
import type { Model } from '../model/index.js';
import { diagramInput, readDiagram } from '../trace/diagram-reader.js';
import { type ReplayInput, type ReplayLimits, type ReplayResult, replay } from '../trace/replay.js';
import type { ExitKind } from './exit.js';

export interface DiagramReplay {
  /** The diagram's entries, as the replay matched them. */
  readonly input: ReplayInput;
  readonly result: ReplayResult;
  /** violated: the diagram is a run that ends in a violation; limit: the search after its end did not finish. */
  readonly exit: ExitKind;
}

export async function replayDiagram(model: Model, diagram: Source, limits: ReplayLimits = {}): Promise<DiagramReplay> {
  const input = diagramInput(readDiagram(diagram));
  const result = await replay(model, input, limits);
  const o = result.outcome;
  const exit = o.kind === 'violation' ? 'violated' : o.kind === 'feasible' && !o.complete ? 'limit' : 'ok';
  return { input, result, exit };
}
