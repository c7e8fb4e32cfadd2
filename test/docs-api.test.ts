/*
 * docs/api.md's examples are true: each ```ts block is compiled, strict, against the package's own
 * declarations (`import ... from 'racecheck'` resolves through package.json's exports to dist/src, as
 * in a project that installed it), then run from the repository's root; each asserts what it shows.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fences } from './cli/literate.js';
import { ROOT } from './helpers.js';

const examples = fences(readFileSync(join(ROOT, 'docs/api.md'), 'utf8')).filter((f) => f.info === 'ts');

describe('docs/api.md', () => {
  it('has its examples', () => assert.ok(examples.length >= 4, String(examples.length)));

  // A project of its own, with racecheck installed as a link to this checkout.
  const project = mkdtempSync(join(tmpdir(), 'racecheck-api-'));
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(ROOT, join(project, 'node_modules', 'racecheck'), 'dir');
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  const files = examples.map((e, i) => {
    writeFileSync(join(project, `example${i + 1}.ts`), `${e.lines.join('\n')}\n`);
    return `example${i + 1}.ts`;
  });
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        outDir: 'out',
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      files,
    }),
  );

  it('type-checks every example against the declarations the package ships', () => {
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', project], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  });

  examples.forEach((e, i) => {
    it(`runs the example at docs/api.md:${e.line}`, () => {
      const r = spawnSync(process.execPath, [join(project, 'out', `example${i + 1}.js`)], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      });
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    });
  });
});
