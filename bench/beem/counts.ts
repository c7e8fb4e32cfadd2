/*
 * BEEM's published figures for the instances in bench/models/beem/ (counts.json, written by import.ts), and
 * where the instances are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/models/beem/ in the source tree (this file runs from dist/bench/beem/). */
export const BEEM_DIR = fileURLToPath(new URL('../../../bench/models/beem/', import.meta.url));

export interface BeemCount {
  /** The instance's parameters, from <family>.xml. */
  readonly parameters: string;
  /** Reachable states of the DVE model, from results.xml; `complete` is its reach-time's attribute. */
  readonly states: number;
  readonly complete: boolean;
  readonly statesFrom: string;
  /** From <instance>.stat.xml where BEEM has one: transitions, BFS levels and the states of each level. */
  readonly edges?: number;
  readonly levels?: number;
  readonly levelStates?: readonly number[];
  readonly statFrom?: string;
  /** test: checked by the test suite (small); bench: only by npm run bench:beem. */
  readonly suite: 'test' | 'bench';
}

export const COUNTS_FILE = join(BEEM_DIR, 'counts.json');

export function readCounts(): Record<string, BeemCount> {
  return (JSON.parse(readFileSync(COUNTS_FILE, 'utf8')) as { instances: Record<string, BeemCount> }).instances;
}
