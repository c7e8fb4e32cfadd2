/*
 * The Mermaid output as Mermaid 11 itself reads it: every diagram of `check --format mermaid` on
 * linux 4.6 (five counterexamples: Markdown, one fenced diagram each) parses, none of its notes
 * or messages reaches across another participant's lifeline, and the text is wrapped so that the
 * lanes stay about a participant wide (Mermaid widens a lane to fit its longest line). Runs only where
 * Chromium is installed and the Mermaid bundle can be had (test/render/mermaid-browser.ts); skipped
 * elsewhere, saying why.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fences } from '../cli/literate.js';
import { racecheck } from '../helpers.js';
import { findChromium, findMermaid, renderInBrowser } from './mermaid-browser.js';

const chromium = findChromium();
const mermaid = chromium ? findMermaid() : undefined;
const mermaidJs = mermaid?.path;
const skip = !chromium
  ? 'no Chromium here (apt-get install chromium)'
  : !mermaid
    ? 'no Mermaid bundle (set MERMAID_JS, or let npm pack mermaid@11 reach the registry)'
    : !mermaid.version.startsWith('11.')
      ? `the Mermaid bundle is ${mermaid.version || 'of no known version'}, not 11`
      : false;
// The lifelines of a diagram whose text is wrapped stay about a participant box apart (150 px, plus Mermaid's
// 50 px margin); an unwrapped note 80 characters long pushes them over 500 px apart.
const LANE = 320;

describe('Mermaid output in Mermaid 11', { skip }, () => {
  it('renders each of the five v4.6 diagrams, with no note across another lifeline', () => {
    const r = racecheck(['check', 'models/btrfs-relocation/v4.6.race', '--format', 'mermaid']);
    assert.equal(r.code, 1, r.stderr);
    const blocks = fences(r.stdout).filter((f) => f.info === 'mermaid');
    assert.equal(blocks.length, 5);
    const diagrams = blocks.map((b) => b.lines.join('\n'));
    const rendered = renderInBrowser(chromium!, mermaidJs!, diagrams);
    rendered.forEach((d, i) => {
      assert.ok(d.ok, `diagram ${i + 1}: ${d.error}`);
      assert.deepEqual(d.crossings, [], `diagram ${i + 1}`);
      // The entity codes come out as the characters (Mermaid's placeholders for them are ﬂ°° and ¶ß).
      assert.deepEqual(
        d.texts.filter((t) => /\ufb02|\u00b6\u00df/.test(t)),
        [],
        `diagram ${i + 1}`,
      );
      assert.ok(d.lane > 0 && d.lane <= LANE, `diagram ${i + 1}: lifelines ${d.lane} px apart`);
    });
  });

  it('renders a single diagram as a Mermaid document of its own', () => {
    const r = racecheck([
      'check',
      'models/btrfs-relocation/v4.6.race',
      '-p',
      'no_lost_dio_write',
      // Every step: the note with '->' (the delalloc flush's) is one the slice folds.
      '--full',
      '--format',
      'mermaid',
    ]);
    assert.match(r.stdout, /^sequenceDiagram\n/);
    const [d] = renderInBrowser(chromium!, mermaidJs!, [r.stdout]);
    assert.ok(d!.ok, d!.error);
    assert.deepEqual(d!.crossings, []);
    assert.ok(
      d!.texts.some((t) => t.includes('fs_info->delalloc_roots')),
      'a note with ->',
    );
    assert.ok(
      d!.texts.some((t) => t.includes('relocate_block_group(rc->stage ==')),
      'a call with ->',
    );
  });

  it('tells a broken diagram, a wide lane and a note across a lifeline (the checks can fail)', () => {
    const long = 'does nothing, no dealloc ranges in the io tree so the root is not in the list';
    const [broken, wide, crossing] = renderInBrowser(chromium!, mermaidJs!, [
      // Two diagrams in one document: the parse error of the issue.
      'sequenceDiagram\n  participant P0 as A\nsequenceDiagram\n  participant P1 as B\n',
      `sequenceDiagram\n  participant P0 as A\n  participant P1 as B\n  Note right of P0: ${long}\n  P1->>P1: x\n`,
      // A note over two participants reaches across the second one's lifeline; an entity code is drawn as
      // its character.
      'sequenceDiagram\n  participant P0 as A\n  participant P1 as B\n' +
        '  Note over P0,P1: both\n  Note over P0: a #59; b\n',
    ]);
    assert.equal(broken!.ok, false);
    assert.ok(wide!.ok && crossing!.ok, wide!.error ?? crossing!.error);
    assert.ok(wide!.lane > LANE, `lifelines ${wide!.lane} px apart`);
    assert.deepEqual(crossing!.crossings, ['both']);
    assert.ok(crossing!.texts.includes('a ; b'), crossing!.texts.join(' | '));
  });
});
