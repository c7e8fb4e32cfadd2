/*
 * docs/traces.md is generated (npm run docs): it must equal what the
 * generator writes now, so the documented traces never go stale.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { generateTraces } from '../scripts/docs.js';
import { ROOT } from './helpers.js';

it('docs/traces.md is what `npm run docs` generates', async () => {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    assert.equal(
      readFileSync(join(ROOT, 'docs/traces.md'), 'utf8'),
      await generateTraces(),
      'run `npm run docs` and commit docs/traces.md',
    );
  } finally {
    process.chdir(cwd);
  }
});
