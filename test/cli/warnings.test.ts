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
const wakeupText = () => `var condition: bool = false
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
`;
writeFileSync(model, wakeupText());
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

  it("replay --strict is both: a model's warning is an error, and so is a diagram line that matches nothing", () => {
    // A warning-free model (the waiter's test is a step of its own) and a diagram with one line of commentary.
    const clean = join(dir, 'clean.race');
    writeFileSync(clean, wakeupText().replace('  if !condition {', '  step if (!condition) {'));
    const commented = join(dir, 'commented.txt');
    writeFileSync(commented, '   CPU 1\n\n set_current_state(TASK_UNINTERRUPTIBLE)\n   --> about to sleep\n');
    const lax = racecheck(['replay', clean, commented]);
    assert.equal(lax.stderr, '');
    assert.equal(lax.code, 1, lax.stdout); // the lost wake-up, with the commentary listed as skipped
    assert.match(lax.stdout, /skipped:\n {2}.*commented\.txt:4: --> about to sleep/);
    const lines = racecheck(['replay', '--strict', clean, commented]);
    assert.equal(lines.code, 2, lines.stdout);
    assert.match(
      lines.stderr,
      /commented\.txt:4:\d+: error: waiter draws nothing like it \(--strict: every line must match\)/,
    );
    // The same model with its warning, and a diagram every line of which matches: --strict refuses the model.
    const matched = racecheck(['replay', model, diagram]);
    assert.equal(matched.code, 0, matched.stderr); // the test decided atomically: no lost wake-up
    assert.match(matched.stderr, WARNING);
    const warned = racecheck(['replay', '--strict', model, diagram]);
    assert.equal(warned.code, 2);
    assert.match(warned.stderr, /wakeup\.race:4:6: error: this test reads 'condition'/);
    assert.match(warned.stderr, /\(--strict: warnings are errors\)/);
    assert.doesNotMatch(warned.stderr, /every line must match/);
    const help = racecheck(['help', 'replay']).stdout.replace(/\s+/g, ' ');
    assert.match(help, /--strict every line of the diagram must match the model .* and a model's warning is an error/);
  });

  it('the bundled models and specs load without a warning, even with --strict', () => {
    const r = racecheck(['check', '--strict', '--max-states', '10', 'models/btrfs-relocation/', 'bench/models/']);
    assert.equal(r.code, 3, r.stderr);
    assert.doesNotMatch(r.stderr, /warning:|error:/);
  });
});
