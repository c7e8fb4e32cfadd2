/*
 * Fuzz tests of what racecheck reads (issue 13, items 1 and 10): whatever path a spec names, the gate reads
 * nothing outside the spec's repository (absolute paths, `..`, links to files or folders out of it), and
 * whatever a file holds that is not a model (binary, control characters, a key, /etc/passwd), a diagnostic
 * shows nothing of it but, at most, a first token that a model could begin with.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { DiagnosticError, formatDiagnostic, makeSource } from '../../src/lang/index.js';
import { skipTrivia } from '../../src/lang/lexer.js';
import { loadModel, runGate } from '../../src/pipeline.js';
import { fuzzParameters } from './seed.js';

// The marker is in this process's environment (so in /proc/self/environ) and in the files outside.
const SECRET = 'RACECHECK_FUZZ_SECRET_77d2';
process.env.RACECHECK_FUZZ_SECRET = SECRET;

/*
 * top/secret.race, top/outside/{x,y}.race     outside the repository
 * top/repo/package.json                        the repository's root
 * top/repo/models/ok.race                      a model
 * top/repo/models/{in.race, up -> ., in-dir -> ../specs}          links inside
 * top/repo/models/{out.race, env.race, out-dir -> ../../outside, broken.race}   links out, and nowhere
 * top/repo/specs/                              where the generated specs are
 */
const top = mkdtempSync(join(tmpdir(), 'racecheck-fuzz-paths-'));
after(() => rmSync(top, { recursive: true, force: true }));
const repo = join(top, 'repo');
for (const folder of ['models', 'specs', '../outside']) mkdirSync(join(repo, folder), { recursive: true });
writeFileSync(join(repo, 'package.json'), '{}\n');
writeFileSync(join(top, 'secret.race'), `${SECRET}\n`);
// Outside, a model that loads, and one whose diagnostic would show its line: reading either is the bug.
writeFileSync(join(top, 'outside/x.race'), 'var x: bool\nprocess p { step { x = true } }\ninvariant i: !x\n');
writeFileSync(join(top, 'outside/y.race'), `var x: bool\nprocess p { step { x = ${SECRET} } }\n`);
const MODEL = 'var x: bool\nprocess p { step { x = true } }\ninvariant i: !x\n';
writeFileSync(join(repo, 'models/ok.race'), MODEL);
for (const [name, target] of [
  ['in.race', 'ok.race'],
  ['up', '.'],
  ['in-dir', '../specs'],
  ['out.race', '../../secret.race'],
  ['env.race', '/proc/self/environ'],
  ['out-dir', '../../outside'],
  ['broken.race', 'nowhere.race'],
]) {
  symlinkSync(target!, join(repo, 'models', name!));
}
const REPO = realpathSync(repo);

const SEGMENTS = [
  '..',
  '.',
  '',
  'models',
  'specs',
  'ok.race',
  'in.race',
  'out.race',
  'env.race',
  'broken.race',
  'up',
  'in-dir',
  'out-dir',
  'x.race',
  'y.race',
  'secret.race',
  'outside',
  'repo',
  'etc',
  'passwd',
  'proc',
  'self',
  'environ',
  'dev',
  'zero',
];
/** A path as a spec might write it: segments, joined by / (doubled at times), absolute at times. */
const path = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 7 }),
    fc.constantFrom('/', '//'),
  )
  .map(([absolute, parts, slash]) => `${absolute ? '/' : ''}${parts.join(slash)}`);
/** Mostly paths that could reach a file, a few that certainly do. */
const modelPath = fc.oneof(
  path,
  fc.constantFrom('../models/ok.race', '../models/up/in.race', '../models/out.race', '../models/out-dir/y.race'),
);

describe('fuzz: the paths a spec names', () => {
  let n = 0;
  it('load a file inside the repository, or are an error at the path, showing nothing from outside', async () => {
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(modelPath, fc.option(path, { nil: undefined }), async (model, diagram) => {
        const spec = join(repo, 'specs', `f${n++}.spec`);
        const replay = diagram === undefined ? '' : `\n  replay "${diagram}" stopped at "x = true"`;
        writeFileSync(spec, `spec "f" {\n  model "${model}"\n  expect i violated${replay}\n}\n`);
        const { runs } = await runGate([{ path: spec }]);
        const run = runs[0]!;
        if (run.error) {
          const shown = formatDiagnostic(run.error);
          assert.ok(!shown.includes(SECRET), shown);
          assert.ok(!shown.includes('root:'), shown);
          // Refused at the path token in the spec, or a model/diagram inside that does not load.
          if (run.error.source.name !== spec) {
            const real = realpathSync(run.error.source.name);
            assert.ok(real.startsWith(REPO + sep), `${model} ${diagram}: read ${real}\n${shown}`);
          }
        } else {
          loaded++;
          const real = realpathSync(run.modelPath!);
          assert.ok(real.startsWith(REPO + sep), `${model}: loaded ${real}`);
          assert.equal(run.exit, diagram === undefined ? 'ok' : run.exit);
        }
      }),
      fuzzParameters(300, 8_000),
    );
    assert.ok(loaded > 0, 'some specs load');
  });
});

describe('fuzz: a file that is not a model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'racecheck-fuzz-files-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const STARTS = new Set(['model', 'const', 'enum', 'var', 'def', 'process', 'proc', 'invariant', 'final']);
  /** What a secret file begins with: a key's name, a shebang, JSON, binary, terminal codes, a model's start. */
  const lead = fc.oneof(
    fc.constantFrom('', 'TOKEN=', '#!/bin/sh\n', '{"key": "', 'root:x:0:0:', '\0', '\x1b[31m', '-----BEGIN ', '\r'),
    fc.constantFrom('// a comment\n', '/* a comment */ ', 'var ', 'process ', '"', '\ufeff'),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
  const rest = fc.string({ unit: 'binary', maxLength: 40 });
  let n = 0;

  it('is refused at its name, or its diagnostic is in a file that began as a model would', () => {
    fc.assert(
      fc.property(lead, rest, rest, (a, b, c) => {
        const file = join(dir, `f${n++}.race`);
        const text = `${a}${b}${SECRET}${c}`;
        writeFileSync(file, text);
        const ref = { source: makeSource('<command line>', `check ${file}`), at: { offset: 6, length: file.length } };
        try {
          loadModel(file, [], ref);
        } catch (e) {
          if (!(e instanceof DiagnosticError)) throw e;
          const d = e.diagnostic;
          const shown = formatDiagnostic(d);
          // Nothing a terminal acts on, whatever the file held.
          // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is that there are none
          assert.doesNotMatch(shown, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, shown);
          if (d.source === ref.source) {
            assert.ok(!d.message.includes(SECRET), shown);
            return;
          }
          // The diagnostic is in the file, which held only text and began with what a model begins with.
          const source = makeSource(file, text);
          const first = skipTrivia(source, 0);
          const word = /^[A-Za-z_]+/.exec(text.slice(first))?.[0] ?? '';
          assert.ok(STARTS.has(word) && d.loc.offset > first, `${JSON.stringify(text)}\n${shown}`);
          return;
        }
        assert.fail(`loaded: ${JSON.stringify(text)}`);
      }),
      fuzzParameters(400, 6_000),
    );
  });
});
