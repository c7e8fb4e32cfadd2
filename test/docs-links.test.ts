/*
 * Every relative link of the README and docs/ works in a clone: it names a file the repository tracks
 * (not one beside the checkout, nor one that is git-ignored), and an #anchor names a heading of its
 * target as GitHub makes anchors of headings.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers.js';

const DOCUMENTS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

const git = spawnSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' });
const tracked = git.status === 0 ? new Set(git.stdout.split('\n').filter(Boolean)) : undefined;
/** Whether a clone has the path: a tracked file, or a folder holding one. */
const inClone = (path: string) =>
  tracked
    ? tracked.has(path) || [...tracked].some((f) => f.startsWith(`${path.replace(/\/$/, '')}/`))
    : existsSync(join(ROOT, path));

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(text: string): Set<string> {
  const out = new Set<string>();
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^(```|~~~)/.test(line)) inFence = !inFence;
    const m = !inFence && /^#{1,6} (.*)$/.exec(line);
    if (m) out.add(anchorOf(m[1]!));
  }
  return out;
}

/** The relative links of a Markdown text, outside code blocks and code spans. */
function links(text: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  let inFence = false;
  text.split('\n').forEach((line, i) => {
    if (/^(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) return;
    for (const m of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!/^[a-z]+:/.test(m[1]!)) out.push({ target: m[1]!, line: i + 1 });
    }
  });
  return out;
}

describe('links in the README and docs/', () => {
  it('has links to check', () => {
    assert.ok(links(readFileSync(join(ROOT, 'README.md'), 'utf8')).length >= 10);
  });

  for (const doc of DOCUMENTS) {
    it(`${doc}: every relative link works in a clone`, () => {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      const broken: string[] = [];
      for (const { target, line } of links(text)) {
        const [file, anchor] = target.split('#') as [string, string | undefined];
        const path = file === '' ? doc : normalize(join(dirname(doc), decodeURIComponent(file)));
        if (path.startsWith('..') || !inClone(relative('.', path) || path)) {
          broken.push(`${doc}:${line}: ${target} (${path} is not in the repository)`);
          continue;
        }
        if (anchor && path.endsWith('.md') && statSync(join(ROOT, path)).isFile()) {
          if (!anchors(readFileSync(join(ROOT, path), 'utf8')).has(anchor))
            broken.push(`${doc}:${line}: ${target} (no heading '#${anchor}' in ${path})`);
        }
      }
      assert.deepEqual(broken, []);
    });
  }

  it('tells a link out of the repository, to an untracked file and to a missing heading (the check can fail)', () => {
    assert.equal(inClone(normalize(join('docs', '../../shared/DESIGN.md'))), false);
    assert.equal(inClone('dist/src/index.js'), false);
    assert.equal(anchors('# The gate\n## `check --format json`\n').has('check---format-json'), true);
    assert.equal(anchors('# The gate\n').has('the-gates'), false);
  });
});
