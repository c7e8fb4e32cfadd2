import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeSource } from '../../src/lang/index.js';
import { parseSpecs } from '../../src/spec/index.js';
import { ROOT, racecheck } from '../helpers.js';

// Inside the repository (test/fixtures/generated/ is git-ignored): a spec names models relative to itself,
// inside its repository. A folder of this run's own, removed after it.
const parent = join(ROOT, 'test/fixtures/generated');
mkdirSync(parent, { recursive: true });
const dir = mkdtempSync(join(parent, 'gate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
function spec(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const V47 = relative(dir, join(ROOT, 'models/btrfs-relocation/v4.7.race'));
const V46 = relative(dir, join(ROOT, 'models/btrfs-relocation/v4.6.race'));

describe('spec files', () => {
  it('parse models, constants, limits and expectations', () => {
    const [s] = parseSpecs(
      makeSource(
        's.spec',
        'spec "one" {\n model "m.race"\n const N = -2\n max_states 10\n expect p holds\n expect q violated\n}',
      ),
    );
    assert.equal(s!.name, 'one');
    assert.equal(s!.model.path, 'm.race');
    assert.deepEqual(
      s!.constants.map((c) => [c.name, c.value]),
      [['N', '-2']],
    );
    assert.equal(s!.maxStates, 10);
    assert.deepEqual(
      s!.expectations.map((e) => e.kind === 'property' && [e.property, e.expected]),
      [
        ['p', 'holds'],
        ['q', 'violated'],
      ],
    );
  });

  it('report mistakes at their place', () => {
    assert.throws(
      () => parseSpecs(makeSource('s.spec', 'spec "x" {\n expect p maybe\n}')),
      /expected 'holds' or 'violated', found 'maybe'/,
    );
    assert.throws(() => parseSpecs(makeSource('s.spec', 'spec "x" {\n expect p holds\n}')), /names no model/);
    assert.throws(() => parseSpecs(makeSource('s.spec', 'spec "x" {\n model "m"\n}')), /expects nothing/);
    assert.throws(() => parseSpecs(makeSource('s.spec', 'spec "x" {\n frob\n}')), /unknown spec entry 'frob'/);
  });
});

describe('racecheck gate', () => {
  it('passes on the bundled specs, with a row per expectation', () => {
    const r = racecheck(['gate']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^linux 4\.6: every race of the three commits {2}models\/btrfs-relocation\/v4\.6\.race\n/);
    assert.match(r.stdout, /\n {2}ok {6}no_lost_dio_write +violated\n/);
    assert.match(r.stdout, /(\d+) expectations: \1 met, 0 missed/);
    // Narrow: a heading per spec, a row per expectation, every line within 100 columns.
    const long = r.stdout.split('\n').filter((l) => l.length > 100);
    assert.deepEqual(long, []);
  });

  it('fails when a fixed model regresses, and shows the race', () => {
    const path = spec(
      'regress.spec',
      `spec "4.6 claimed fixed" {\n  model "${V46}"\n  expect used_bytes_zero holds\n}\n`,
    );
    const r = racecheck(['gate', path]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\n {2}MISSED {2}used_bytes_zero {2}holds \u2192 violated\n/);
    assert.match(r.stdout, /regress\.spec:3:10: missed: expected used_bytes_zero to be holds, but it is violated/);
    assert.match(r.stdout, /CPU 1 +CPU 2/);
  });

  it('fails when a race is no longer found', () => {
    const path = spec(
      'lost.spec',
      `spec "4.7 claimed racy" {\n  model "${V47}"\n  expect no_lost_dio_write violated\n}\n`,
    );
    const r = racecheck(['gate', path]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /expected no_lost_dio_write to be violated, but it holds/);
  });

  it('exits 2 when a spec names a missing property, at its place', () => {
    const path = spec('missing.spec', `spec "typo" {\n  model "${V47}"\n  expect no_lost_writes holds\n}\n`);
    const r = racecheck(['gate', path]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      new RegExp(
        /missing\.spec:3:10: error: model .* has no property 'no_lost_writes'\n/.source +
          /3 \| {3}expect no_lost_writes holds\n {13}\^~+\nits properties are:/.source,
      ),
    );
  });

  it('exits 2 when a spec names a model that does not exist', () => {
    const path = spec('nomodel.spec', 'spec "x" {\n  model "nowhere.race"\n  expect p holds\n}\n');
    const r = racecheck(['gate', path]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nomodel\.spec:2:9: error: cannot read '.*nowhere\.race': no such file/);
  });

  it('exits 3 when a limit leaves an expectation undecided', () => {
    const path = spec(
      'limit.spec',
      `spec "tiny" {\n  model "${V47}"\n  max_states 100\n  expect no_deadlock holds\n}\n`,
    );
    const r = racecheck(['gate', path]);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /MISSED {2}no_deadlock {2}holds \u2192 unknown/);
  });

  it('writes JSON with --format json', () => {
    const r = racecheck(['gate', '--format', 'json']);
    const json = JSON.parse(r.stdout) as { ok: boolean; specs: { expectations: { ok: boolean }[] }[] };
    assert.equal(json.ok, true);
    assert.ok(json.specs.flatMap((s) => s.expectations).length >= 20);
  });

  it('runs the other specs when one does not load: an error row, a JUnit <error>, an annotation, exit 2', () => {
    spec('broken.race', 'var x: 0..3\nprocess p {\n  step { x = }\n}\n');
    const bad = spec('bad.spec', `spec "broken model" {\n  model "broken.race"\n  expect no_deadlock holds\n}\n`);
    const good = spec(
      'good.spec',
      `spec "4.7 holds" {\n  model "${V47}"\n  expect no_deadlock holds\n  expect used_bytes_zero holds\n}\n`,
    );
    const junit = join(dir, 'gate.xml');
    const r = racecheck(['gate', bad, good, '--junit', junit], { GITHUB_ACTIONS: 'true' });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /broken\.race:3:14: error: expected a value, found '\}'/);
    assert.match(r.stdout, /\n {2}ERROR {3}.*broken\.race:3:14: expected a value, found '\}'\n/);
    assert.match(r.stdout, /\n {2}ok {6}used_bytes_zero {2}holds\n/);
    assert.match(r.stdout, /2 expectations: 2 met, 0 missed; 1 spec did not load/);
    assert.match(
      r.stdout,
      /^::error file=.*broken\.race,line=3,col=14,title=racecheck gate::broken model: expected a value/m,
    );
    const xml = readFileSync(junit, 'utf8');
    assert.equal((xml.match(/<error /g) ?? []).length, 1);
    assert.equal((xml.match(/<testcase /g) ?? []).length, 3);
    assert.match(xml, /<testsuites name="racecheck gate" tests="3" failures="0" errors="1"/);
    assert.match(xml, /<testcase name="used_bytes_zero holds" [^>]*time="\d+\.\d{3}"\/>/);
  });

  it('gives each JUnit case its own time: the cases of a spec add up to its time, not a multiple of it', () => {
    const junit = join(dir, 'times.xml');
    const r = racecheck(['gate', '--junit', junit]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const xml = readFileSync(junit, 'utf8');
    for (const suite of xml.split('<testsuite ').slice(1)) {
      const total = Number(/^[^>]*time="([\d.]+)"/.exec(suite)![1]);
      const cases = [...suite.matchAll(/<testcase [^>]*time="([\d.]+)"/g)].map((m) => Number(m[1]));
      const sum = cases.reduce((a, b) => a + b, 0);
      assert.ok(sum <= total + 0.01 * cases.length, `cases ${sum} s in a suite of ${total} s`);
    }
  });
});

describe('racecheck gate reads only inside the spec repository', () => {
  // A repository of its own: package.json at its root, specs/ and models/ in it; a secret beside it.
  const top = mkdtempSync(join(tmpdir(), 'racecheck-repo-'));
  after(() => rmSync(top, { recursive: true, force: true }));
  const repo = join(top, 'repo');
  for (const sub of ['specs', 'models', 'specs/sub']) mkdirSync(join(repo, sub), { recursive: true });
  writeFileSync(join(repo, 'package.json'), '{}\n');
  const SECRET = 'RACECHECK_TEST_SECRET_a93c';
  writeFileSync(join(top, 'secret.race'), `TOKEN=${SECRET}\n`);
  writeFileSync(join(repo, 'models/ok.race'), 'var x: bool\nprocess p { step { x = true } }\ninvariant i: !x\n');
  symlinkSync('../../secret.race', join(repo, 'models/out.race'));
  symlinkSync('ok.race', join(repo, 'models/in.race'));
  symlinkSync('/proc/self/environ', join(repo, 'models/env.race'));
  const env = { RACECHECK_TEST_SECRET: SECRET };
  const gate = (name: string, model: string, folder = 'specs') => {
    const path = join(repo, folder, name);
    writeFileSync(path, `spec "s" {\n  model "${model}"\n  expect i violated\n}\n`);
    const r = racecheck(['gate', path], env);
    assert.ok(!(r.stdout + r.stderr).includes(SECRET), `${model}: ${r.stdout}${r.stderr}`);
    assert.ok(!(r.stdout + r.stderr).includes('root:'), `${model}: ${r.stdout}${r.stderr}`);
    return r;
  };

  it('refuses absolute paths, paths out of the repository and links out of it, showing nothing of them', () => {
    const cases: [string, RegExp][] = [
      ['/proc/self/environ', /a path in a spec is relative to the spec file/],
      ['/etc/passwd', /a path in a spec is relative to the spec file/],
      ['../../x', /'\.\.\/\.\.\/x' is outside the repository/],
      ['../../secret.race', /is outside the repository/],
      ['../../../../../../../../../etc/passwd', /is outside the repository/],
      ['../models/out.race', /is a symbolic link to a file outside the repository/],
      ['../models/env.race', /is a symbolic link to a file outside the repository/],
      ['../models/nowhere.race', /cannot read '.*nowhere\.race': no such file/],
    ];
    for (const [model, message] of cases) {
      const r = gate('out.spec', model);
      assert.equal(r.code, 2, model);
      assert.match(r.stderr, /out\.spec:2:9: error: /, model);
      assert.match(r.stderr, message, model);
    }
  });

  it('reads a path inside, also through a link inside, from a spec in any folder of the repository', () => {
    for (const [model, folder] of [
      ['../models/ok.race', 'specs'],
      ['../models/in.race', 'specs'],
      ['../../models/ok.race', 'specs/sub'],
      ['models/ok.race', '.'],
    ] as const) {
      const r = gate('in.spec', model, folder);
      assert.equal(r.code, 0, `${model}: ${r.stdout}${r.stderr}`);
    }
  });

  it('refuses a spec of no spec: empty, comments only, CR only', () => {
    for (const text of ['', '// only a comment\n', '\r\r\r', '/* a */\r\n// b\r\n']) {
      const path = join(repo, 'specs', 'empty.spec');
      writeFileSync(path, text);
      const r = racecheck(['gate', path]);
      assert.equal(r.code, 2, JSON.stringify(text));
      assert.match(r.stderr, /^<command line>:1:6: error: '.*empty\.spec': no expectations: the file holds no spec/);
      assert.match(r.stdout, /0 expectations: 0 met, 0 missed; 1 spec did not load/);
    }
    // Nor does a file that is not a spec show its content.
    const r = racecheck(['gate', join(top, 'secret.race')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not a racecheck spec file: a spec file is a list of spec "name" \{ … \} blocks/);
    assert.ok(!r.stderr.includes(SECRET));
  });

  it('reports a link out of the repository in the spec folder it walks', () => {
    const folder = join(repo, 'walked');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.spec'), 'spec "s" {\n  model "../models/ok.race"\n  expect i violated\n}\n');
    symlinkSync('../../secret.race', join(folder, 'b.spec'));
    const r = racecheck(['gate', folder], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /'.*walked\/b\.spec' is a symbolic link to a file outside the repository/);
    assert.ok(!r.stderr.includes(SECRET));
  });
});

describe('spec texts', () => {
  const parse = (text: string) => parseSpecs(makeSource('s.spec', text));
  const model = ' model "m.race"\n';

  it('refuses an empty step text: "" is in every text, and would match any stop', () => {
    assert.throws(
      () => parse(`spec "x" {\n${model} replay "d.txt" stopped at ""\n}`),
      /3:27.*the step text is empty|the step text is empty/,
    );
    assert.throws(() => parse(`spec "x" {\n${model} replay "d.txt" stopped at "  \n "\n}`), /the step text is empty/);
    const [s] = parse(`spec "x" {\n${model} replay "d.txt" stopped at "down_write(x)"\n}`);
    assert.equal(s!.expectations[0]!.kind === 'replay' && s!.expectations[0]!.stoppedAt, 'down_write(x)');
  });

  it('joins a name wrapped over lines with a space, and refuses a path with a line break or empty', () => {
    const [s] = parse(`spec "two\n::error::forged" {\n${model} expect p holds\n}`);
    assert.equal(s!.name, 'two ::error::forged');
    assert.throws(() => parse('spec "x" {\n model "a\nb.race"\n expect p holds\n}'), /the model path spans lines/);
    assert.throws(() => parse('spec "x" {\n model ""\n expect p holds\n}'), /the model path is empty/);
    assert.throws(
      () => parse('spec "x" {\n model "\x1b[2J.race"\n expect p holds\n}'),
      /control character U\+001B in a string/,
    );
  });
});

describe('gate output in a CI log', () => {
  it('forges no workflow command: names and paths with line breaks, colons and commas are escaped', () => {
    const evil = spec('evil\n::stop-commands::x,y:z\r.spec', `spec "s" {\n  model "${V47}"\n  expect nope holds\n}\n`);
    const missed = spec('missed,:.spec', `spec "m" {\n  model "${V47}"\n  expect no_lost_dio_write violated\n}\n`);
    const r = racecheck(['gate', evil, missed], { GITHUB_ACTIONS: 'true' });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const commands = `${r.stdout}\n${r.stderr}`.split(/\r\n|\r|\n/).filter((l) => l.startsWith('::'));
    assert.equal(commands.length, 2, commands.join('\n'));
    for (const c of commands) assert.match(c, /^::error file=[^,:]*,line=\d+,col=\d+,title=racecheck gate::/);
    assert.ok(commands[0]!.includes('evil%0A%3A%3Astop-commands%3A%3Ax%2Cy%3Az%0D.spec,line=3,col=10'));
    assert.ok(commands[1]!.includes('v4.7.race,line='), commands[1]);
    assert.match(r.stdout, /evil\\x0a::stop-commands::x,y:z\\x0d\.spec/);
  });
});
