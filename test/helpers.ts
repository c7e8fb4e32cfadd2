/*
 * Shared by the tests: load a model from text, expect a diagnostic at a
 * place, run the real CLI.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DiagnosticError, formatDiagnostic, lineCol, makeSource, parseModel } from '../src/lang/index.js';
import { buildModel, type Define, type Model } from '../src/model/index.js';
import { type CheckOptions, type CheckResult, checkModel } from '../src/pipeline.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function load(text: string, defines: Record<string, string> = {}, name = 'test.race'): Model {
  const source = makeSource(name, text);
  const cl = makeSource(
    '<command line>',
    Object.entries(defines)
      .map(([k, v]) => `-D ${k}=${v}`)
      .join(' '),
  );
  const ds: Define[] = Object.entries(defines).map(([k, v]) => ({
    name: k,
    value: v,
    source: cl,
    at: { offset: cl.text.indexOf(`${k}=`), length: k.length },
  }));
  return buildModel(parseModel(source), source, ds);
}

export async function check(
  text: string,
  options: CheckOptions = {},
  defines: Record<string, string> = {},
): Promise<CheckResult> {
  return checkModel(load(text, defines), options);
}

/** The names of the violated properties, sorted. */
export function violated(r: CheckResult): string[] {
  return r.verdict.violations.map((c) => r.model.properties[c.property]!.name).sort();
}

/** Asserts that loading `text` fails with a diagnostic at line:col whose message matches. */
export function expectDiagnostic(
  text: string,
  line: number,
  col: number,
  message: RegExp,
  defines: Record<string, string> = {},
): string {
  try {
    load(text, defines);
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    const d = e.diagnostic;
    const at = lineCol(d.source, d.loc.offset);
    const shown = formatDiagnostic(d);
    assert.match(d.message, message, shown);
    assert.deepEqual([at.line, at.col], [line, col], shown);
    return shown;
  }
  assert.fail(`expected a diagnostic matching ${message}, but the model loaded`);
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real command line in the project root (without colour, unless `env` asks for it). */
export function racecheck(args: string[], env: Record<string, string> = {}): Run {
  const { FORCE_COLOR: _, GITHUB_ACTIONS: __, ...inherited } = process.env;
  const r = spawnSync(process.execPath, ['bin/racecheck.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...inherited, NO_COLOR: '1', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
