/*
 * The progress line updates in place on a terminal and is plain lines elsewhere; colour follows
 * FORCE_COLOR as chalk reads it (on even in a pipe; 0 or false off), NO_COLOR and --no-color.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { progressLine } from '../../src/cli/progress.js';
import { racecheck } from '../helpers.js';

function stream(isTTY: boolean, columns = 40) {
  const written: string[] = [];
  return { isTTY, columns, written, write: (text: string) => written.push(text) };
}

describe('the progress line', () => {
  it('rewrites one line in place on a terminal, cut to its width, and clears it at the end', () => {
    const s = stream(true);
    const p = progressLine(s);
    p.update('[racecheck] a.race: 2.00 s, depth 3');
    p.update(`[racecheck] a.race: 4.00 s, depth 9, ${'9'.repeat(40)}`);
    p.done();
    p.done();
    assert.deepEqual(s.written, [
      '\r[racecheck] a.race: 2.00 s, depth 3\x1b[K',
      `\r[racecheck] a.race: 4.00 s, depth 9, 9…\x1b[K`,
      '\r\x1b[K',
    ]);
    assert.ok(
      s.written.every((w) => !w.includes('\n')),
      'no new line: the line does not scroll',
    );
    assert.equal(s.written[1]!.replace('\r', '').replace('\x1b[K', '').length, 39);
  });

  it('writes a plain line each time elsewhere (a pipe, a CI log), and nothing to clear', () => {
    const s = stream(false);
    const p = progressLine(s);
    p.update('one');
    p.update('two');
    p.done();
    assert.deepEqual(s.written, ['one\n', 'two\n']);
  });
});

describe('colour', () => {
  const model = ['check', 'models/btrfs-relocation/v4.7.race', '-p', 'no_deadlock', '--max-states', '50'];
  const coloured = (env: Record<string, string>, extra: string[] = []) =>
    // biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI escape is what colour is
    /\x1b\[\d+m/.test(racecheck([...model, ...extra], env).stdout);

  it('is off in a pipe, on with FORCE_COLOR (even over NO_COLOR), off with FORCE_COLOR=0 or --no-color', () => {
    assert.equal(coloured({}), false);
    assert.equal(coloured({ FORCE_COLOR: '1' }), true);
    assert.equal(coloured({ FORCE_COLOR: 'true' }), true);
    assert.equal(coloured({ FORCE_COLOR: '0' }), false);
    assert.equal(coloured({ FORCE_COLOR: 'false' }), false);
    assert.equal(coloured({ FORCE_COLOR: '1' }, ['--no-color']), false);
  });
});
