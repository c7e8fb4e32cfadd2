/*
 * The documentation cannot go stale: every ```race example in docs/ loads (a block may be named, as in
 * ```race lost_update.race, for the command examples that test/cli/literate.test.ts runs).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticError, formatDiagnostic } from '../src/lang/index.js';
import { load, ROOT } from './helpers.js';

describe('examples in docs/', () => {
  for (const file of readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(ROOT, 'docs', file), 'utf8');
    const blocks = [...text.matchAll(/^```race(?: [\w.-]+)?\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
    if (blocks.length === 0) continue;
    it(`docs/${file}: all ${blocks.length} race examples load`, () => {
      blocks.forEach((block, i) => {
        try {
          load(block, {}, `docs/${file} example ${i + 1}`);
        } catch (e) {
          if (e instanceof DiagnosticError) assert.fail(formatDiagnostic(e.diagnostic));
          throw e;
        }
      });
    });
  }
});
