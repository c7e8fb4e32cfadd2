/*
 * Collects what the recording variant of the transition system reports
 * while it runs one path of one transition.
 */
import type { Recorder } from '../compile/index.js';

export type Event =
  | { readonly k: 'enter'; readonly depth: number; readonly text: string; readonly notes: readonly [number, string][] }
  | { readonly k: 'step'; readonly id: number; readonly text: string }
  | { readonly k: 'note'; readonly arrow: boolean; readonly text: string };

export class EventRecorder implements Recorder {
  events: Event[] = [];

  enter(depth: number, text: string, notes: [number, string][]): void {
    this.events.push({ k: 'enter', depth, text, notes });
  }

  step(id: number, text: string): void {
    this.events.push({ k: 'step', id, text });
  }

  note(arrow: number, text: string): void {
    this.events.push({ k: 'note', arrow: arrow === 1, text });
  }

  mark(): number {
    return this.events.length;
  }

  reset(mark: number): void {
    this.events.length = mark;
  }
}
