/*
 * The literate harness itself (test/cli/literate.ts): a document that is wrong must fail, with a
 * message that says where; what it masks must be exactly durations, rates and progress lines.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers.js';
import {
  alignLines,
  compare,
  DocumentError,
  type Example,
  mask,
  parseDocument,
  runExample,
  scratchFolder,
  splitCommand,
} from './literate.js';

const LOST_UPDATE = `# A test document

\`\`\`race lost.race
var counter: 0..2 = 0
process cpu[i in 1..2] "CPU {i}" {
  var tmp: 0..2 = 0
  step "reads" { tmp = counter }
  step "writes" { counter = tmp + 1 }
}
final no_lost_update: counter == 2
\`\`\`
`;

/** Runs the only example of a document and returns what compare() says. */
function verdictOf(text: string): string | undefined {
  const doc = parseDocument('doc.md', text);
  assert.equal(doc.examples.length, 1);
  const example = doc.examples[0]!;
  return compare(example, runExample(example, scratchFolder(doc)));
}

/** The exact output of `racecheck check lost.race`, as the lines of a console block. */
function lostOutput(): string {
  const doc = parseDocument('doc.md', `${LOST_UPDATE}\n\`\`\`console\n$ racecheck check lost.race\n\`\`\`\n`);
  return runExample(doc.examples[0]!, scratchFolder(doc)).output.trimEnd();
}

function example(expected: string[], exit = 0): Example {
  return {
    where: 'doc.md:3',
    command: 'racecheck check x.race',
    args: ['check', 'x.race'],
    exit,
    expected: expected.map((text, i) => ({ text, line: 4 + i })),
    usesDocumentFiles: false,
  };
}

describe('literate harness: documents that are right pass', () => {
  const output = lostOutput();

  it('the program output, pasted, passes, with other durations and rates', () => {
    assert.match(output, /states {4}\d+ generated, .* \d+\.\d+ s, [\d,]+ states\/s, .* stored/);
    const retimed = output.replace(/\d+\.\d+ s, [\d,]+ states\/s/, '99.99 s, 1 states/s');
    assert.equal(
      verdictOf(`${LOST_UPDATE}\n\`\`\`console\n$ racecheck check lost.race  # exits 1\n${retimed}\n\`\`\`\n`),
      undefined,
    );
  });

  it('a … line stands for any number of lines, none included', () => {
    const lines = output.split('\n');
    const head = lines.slice(0, 2).join('\n');
    const tail = lines.at(-1)!;
    const doc = (body: string) =>
      `${LOST_UPDATE}\n\`\`\`console\n$ racecheck check lost.race  # exits 1\n${body}\n\`\`\`\n`;
    assert.equal(verdictOf(doc(`${head}\n…\n${tail}`)), undefined);
    assert.equal(verdictOf(doc(`…\n${output}\n…`)), undefined);
  });

  it('drops progress lines and trailing blank lines, nothing else', () => {
    const e = example(['a', '  states    5 generated']);
    const progress = '[racecheck] x.race: 2.00 s, depth 3, 10 generated, 5 distinct, 1 queued, 5 states/s, 0 MiB';
    assert.equal(compare(e, { code: 0, output: `a\n${progress}\n  states    5 generated\n\n\n` }), undefined);
    assert.notEqual(compare(e, { code: 0, output: 'a\n\n  states    5 generated\n' }), undefined);
    assert.notEqual(compare(e, { code: 0, output: 'a\n  states    5 generated \n' }), undefined);
  });
});

describe('literate harness: documents that are wrong fail, saying where', () => {
  const output = lostOutput();
  const doc = (body: string, exit = '# exits 1') =>
    `${LOST_UPDATE}\n\`\`\`console\n$ racecheck check lost.race  ${exit}\n${body}\n\`\`\`\n`;

  it('a changed state count fails with a diff naming the document line', () => {
    const wrong = output.replace(/(\d+) distinct/, (_, n) => `${Number(n) + 1} distinct`);
    const lines = doc(wrong).split('\n');
    const at = lines.findIndex((l) => l.includes(' distinct, ')) + 1;
    const message = verdictOf(doc(wrong));
    assert.ok(message, 'a wrong figure passed');
    assert.match(message, /^doc\.md:14: racecheck check lost\.race$/m);
    assert.ok(message.includes(`<- doc.md:${at}`), message);
    assert.match(message, /^ {2}- .* distinct, /m);
    assert.match(message, /^ {2}\+ .* distinct, /m);
  });

  it('a changed byte count fails: bytes stored are not masked', () => {
    const wrong = output.replace(/[\d.]+ KiB stored/, '3.0 MiB stored');
    assert.notEqual(wrong, output);
    assert.match(verdictOf(doc(wrong)) ?? '', /- .*3\.0 MiB stored/);
  });

  it('a wrong exit code fails, even when the output agrees', () => {
    assert.match(verdictOf(doc(output, '')) ?? '', /exits 1, the document says 0/);
    assert.match(verdictOf(doc(output, '# exits 2')) ?? '', /exits 1, the document says 2/);
  });

  it('a … line does not hide a line that is not there', () => {
    const message = verdictOf(doc(`…\n  no such line\n…`));
    assert.match(message ?? '', /- {3}no such line {4}<- doc\.md:16/);
  });

  it("the README's showcase without its CPU 1 / CPU 2 title line, or with another figure, fails", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const title = /^ {12}CPU 1 {37}CPU 2\n/m;
    assert.match(readme, title);
    for (const broken of [readme.replace(title, ''), readme.replace(/352\.0 KiB stored/, '3.0 MiB stored')]) {
      assert.notEqual(broken, readme);
      const parsed = parseDocument('README.md', broken);
      const showcase = parsed.examples[0]!;
      assert.match(showcase.command, /v4\.6\.race -p no_lost_dio_write/);
      const message = compare(showcase, runExample(showcase, scratchFolder(parsed)));
      assert.match(message ?? '', /^README\.md:25: racecheck check models\/btrfs-relocation\/v4\.6\.race/);
    }
  });
});

describe('literate harness: reading documents', () => {
  it('joins continuation lines, reads the exit comment and quotes, and knows the files', () => {
    const block = [
      '```console',
      '$ racecheck check lost.race \\',
      "    -p 'no_lost_update'   # exits 1: it races",
      'out',
      '$ racecheck help',
      '```',
    ];
    const d = parseDocument('doc.md', `${LOST_UPDATE}\n${block.join('\n')}\n`);
    assert.deepEqual(
      d.examples.map((e) => [e.where, e.command, e.args, e.exit, e.expected, e.usesDocumentFiles]),
      [
        [
          'doc.md:14',
          "racecheck check lost.race -p 'no_lost_update'",
          ['check', 'lost.race', '-p', 'no_lost_update'],
          1,
          [{ text: 'out', line: 16 }],
          true,
        ],
        ['doc.md:17', 'racecheck help', ['help'], 0, [], false],
      ],
    );
    assert.deepEqual([...d.files.keys()], ['lost.race']);
  });

  it('refuses what it would not run as written', () => {
    const console = (line: string) => `\`\`\`console\n${line}\n\`\`\`\n`;
    assert.throws(() => parseDocument('d.md', console('$ racecheck check x.race | head')), /needs a shell/);
    assert.throws(() => parseDocument('d.md', console('$ racecheck gate > out.txt')), /needs a shell/);
    assert.throws(() => parseDocument('d.md', console('$ npm test')), /only racecheck commands/);
    assert.throws(() => parseDocument('d.md', console('racecheck check x.race')), /d\.md:2: a console block starts/);
    assert.throws(
      () => parseDocument('d.md', '```race a.race\n```\n```race a.race\n```\n'),
      /d\.md:3: a\.race is defined twice/,
    );
    assert.throws(() => splitCommand(`racecheck check 'x.race`, 'd.md:1'), DocumentError);
  });

  it('does not read fences nested in a longer fence', () => {
    const d = parseDocument('d.md', '````markdown\n```console\n$ npm test\n```\n````\n');
    assert.equal(d.examples.length, 0);
  });
});

describe('literate harness: masks and alignment', () => {
  it('masks durations and rates, and nothing else', () => {
    assert.equal(
      mask('depth 49, 0.14 s, 674,159 states/s, 2.5 MiB stored (81 bits a state)'),
      'depth 49, <seconds>, <rate> states/s, 2.5 MiB stored (81 bits a state)',
    );
    assert.equal(mask('21,881 steps, 12.85 s, 25,657 steps/s'), '21,881 steps, <seconds>, <rate> steps/s');
    assert.equal(
      mask('after 20 steps, 96,628 distinct, 364,659 generated, 3 s'),
      'after 20 steps, 96,628 distinct, 364,659 generated, 3 s',
    );
  });

  it('aligns by the fewest changes, a … line taking what it can', () => {
    const show = (e: string[], a: string[]) => alignLines(e, a).map((d) => `${d.kind}${d.text}`);
    assert.deepEqual(show(['a', 'b', 'c'], ['a', 'x', 'c']), [' a', '-b', '+x', ' c']);
    const elided = show(['a', 'b', '…', 'z'], ['a', 'c', 'x', 'y', 'z']);
    assert.deepEqual(elided, [' a', '-b', '…c', '…x', '…y', ' z']);
    assert.deepEqual(show(['…', 'z'], ['z', 'y', 'z']), ['…z', '…y', ' z']);
  });
});
