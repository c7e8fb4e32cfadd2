/*
 * The warnings channel on the command line: a model that loads with a
 * check-then-act warning prints it on stderr and is checked; --no-warnings
 * silences it; --strict makes it an error (exit 2), for every command that
 * loads a model. The bundled models load without any.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { racecheck } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'racecheck-warnings-'));
const model = join(dir, 'wakeup.race');
writeFileSync(
  model,
  `var condition: bool = false
var sleeping: bool = false
process waiter "CPU 1" {
  if !condition {
    step set_current_state(TASK_UNINTERRUPTIBLE) { sleeping = true }
    step schedule() { await !sleeping }
  }
}
process waker "CPU 2" {
  step "condition = true" { condition = true }
  step wake_up_process(waiter) { sleeping = false }
}
`,
);
const spec = join(dir, 'wakeup.spec');
writeFileSync(spec, 'spec "wake-up" {\n  model "wakeup.race"\n  expect no_deadlock holds\n}\n');
const diagram = join(dir, 'd.txt');
writeFileSync(diagram, '   CPU 1\n\n set_current_state(TASK_UNINTERRUPTIBLE)\n');

const WARNING =
  /wakeup\.race:4:6: warning: this test reads 'condition', which waker writes.*\n4 \| {3}if !condition \{\n {9}\^~+\n/;

describe('warnings on the command line', () => {
  it('check prints the warning on stderr, checks the model, and exits by its verdict', () => {
    const r = racecheck(['check', model]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, WARNING);
    assert.match(r.stdout, /holds +no_deadlock/);
    assert.doesNotMatch(r.stdout, /warning:/);
  });

  it('--no-warnings silences it; --strict makes it an error and the model does not load', () => {
    const quiet = racecheck(['check', '--no-warnings', model]);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stderr, '');
    const strict = racecheck(['check', '--strict', model]);
    assert.equal(strict.code, 2);
    assert.match(strict.stderr, /wakeup\.race:4:6: error: this test reads 'condition'/);
    assert.match(strict.stderr, /\(--strict: warnings are errors\)/);
    assert.equal(strict.stdout, '');
  });

  it('gate, replay, simulate and explain take both options too', () => {
    for (const args of [
      ['gate', spec],
      ['replay', model, diagram],
      ['simulate', '--seed', '1', model],
      ['explain', model, model],
    ]) {
      const [command, ...rest] = args;
      const plain = racecheck(args);
      assert.match(plain.stderr, WARNING, command);
      // Once, even where the model is loaded twice (explain OLD NEW with OLD = NEW).
      assert.equal((plain.stderr.match(/warning:/g) ?? []).length, 1, command);
      assert.equal(racecheck([command!, '--no-warnings', ...rest]).stderr.match(/warning:/), null, command);
      const strict = racecheck([command!, '--strict', ...rest]);
      assert.equal(strict.code, 2, command);
      assert.match(strict.stderr, /error: this test reads 'condition'/, command);
    }
  });

  it('the bundled models and specs load without a warning, even with --strict', () => {
    const r = racecheck(['check', '--strict', '--max-states', '10', 'models/btrfs-relocation/', 'bench/models/']);
    assert.equal(r.code, 3, r.stderr);
    assert.doesNotMatch(r.stderr, /warning:|error:/);
  });
});
