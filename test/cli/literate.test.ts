/*
 * Runs every command example of the README, docs/*.md and test/cli/*.md and compares its output
 * and exit code with the document's (the convention: test/cli/literate.ts and test/cli/README.md).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers.js';
import { compare, parseDocument, runExample, scratchFolder } from './literate.js';

const DOCUMENTS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(ROOT, 'test', 'cli'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `test/cli/${f}`),
];

// The documents whose examples must not disappear unnoticed (a block retagged ```sh is no longer run).
const AT_LEAST: Record<string, number> = {
  'README.md': 3,
  'docs/language.md': 6,
  'docs/diagrams.md': 4,
  'test/cli/README.md': 2,
};

it('finds the documents whose examples it must run', () => {
  for (const file of Object.keys(AT_LEAST)) assert.ok(DOCUMENTS.includes(file), file);
});

for (const file of DOCUMENTS) {
  const doc = parseDocument(file, readFileSync(join(ROOT, file), 'utf8'));
  if (doc.examples.length === 0 && AT_LEAST[file] === undefined) continue;
  describe(`command examples in ${file}`, () => {
    it(`has at least ${AT_LEAST[file] ?? 0} of them`, () => {
      assert.ok(doc.examples.length >= (AT_LEAST[file] ?? 0), `${file} has ${doc.examples.length}`);
    });
    const dir = scratchFolder(doc);
    for (const example of doc.examples) {
      it(`${example.where}: ${example.command}`, () => {
        const problem = compare(example, runExample(example, dir));
        if (problem !== undefined) assert.fail(problem);
      });
    }
  });
}
