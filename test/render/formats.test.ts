/*
 * Every trace renders in every format; ITF has the published shape; JSON
 * parses back to the same trace; JUnit is well-formed and lists every
 * expectation; GitHub annotations point at the property's line.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeSource } from '../../src/lang/index.js';
import { runSpec } from '../../src/pipeline.js';
import {
  expandPattern,
  FORMATS,
  isPattern,
  isStreamed,
  namedTraces,
  oneDocumentProblem,
  renderAll,
  renderOne,
  renderTrace,
} from '../../src/render/formats.js';
import { githubAnnotations, renderJunit } from '../../src/render/gate.js';
import { ACTION_TAKEN, toItf } from '../../src/render/itf.js';
import { renderMermaid } from '../../src/render/mermaid.js';
import { parseSpecs } from '../../src/spec/index.js';
import { check, ROOT } from '../helpers.js';

const V46 = readFileSync(join(ROOT, 'models/btrfs-relocation/v4.6.race'), 'utf8');

describe('output formats', async () => {
  const result = await check(V46);
  const traces = result.traces;

  it('renders every trace in every format: the run as one document, or each trace as its own', () => {
    for (const format of FORMATS) {
      if (format === 'itf') assert.match(oneDocumentProblem([result], format)!, /^5 counterexamples/);
      else {
        const text = isStreamed(format) ? renderOne(result, format) : renderAll([result], format);
        assert.ok(text.length > 100, format);
      }
      for (const t of traces) assert.ok(renderTrace(t, format).length > 100, format);
    }
  });

  it('writes Mermaid for several counterexamples as Markdown, one fenced diagram each', () => {
    const md = renderAll([result], 'mermaid');
    assert.equal((md.match(/^```mermaid$/gm) ?? []).length, 5);
    assert.equal((md.match(/^sequenceDiagram$/gm) ?? []).length, 5);
    assert.doesNotMatch(md.split('```mermaid')[0]!, /sequenceDiagram/);
  });

  it('names one file per counterexample by pattern', () => {
    const names = namedTraces([result]).map(({ name }) => expandPattern('out/{model}/{seq}-{property}.itf.json', name));
    assert.deepEqual(names, [
      'out/test/0-no_unrelated_wait.itf.json',
      'out/test/1-used_bytes_zero.itf.json',
      'out/test/2-no_io_to_removed_chunk.itf.json',
      'out/test/3-no_dangling_extent.itf.json',
      'out/test/4-no_lost_dio_write.itf.json',
    ]);
    assert.equal(isPattern('out/{property}.itf.json'), true);
    assert.equal(isPattern('out/lost.itf.json'), false);
  });

  it('writes ITF as the spec shapes it: #meta, vars, states with #meta.index, typed values', () => {
    const itf = toItf(traces[0]!);
    assert.equal(itf['#meta'].format, 'ITF');
    assert.match(itf['#meta']['format-description'], /015adr-trace/);
    assert.ok(
      itf.vars.includes('ro') &&
        itf.vars.includes('used') &&
        itf.vars.includes('oe') &&
        itf.vars.includes(ACTION_TAKEN),
    );
    assert.equal(itf.states.length, traces[0]!.states.length);
    itf.states.forEach((st, i) => {
      // A step the diagram folds is marked; ITF readers ignore #meta fields they do not know.
      const folded = i > 0 && traces[0]!.steps[i - 1]!.folded === true;
      assert.deepEqual(st['#meta'], folded ? { index: i, folded: true } : { index: i });
      assert.deepEqual(
        Object.keys(st)
          .filter((k) => k !== '#meta')
          .sort(),
        [...itf.vars, ...(i === 0 ? itf.params : [])].sort(),
      );
    });
    const first = itf.states[0]!;
    assert.equal(first.ro, false); // bool as bool
    assert.deepEqual(first.used, { '#bigint': '2' }); // int as #bigint
    const oe = first.oe as { '#map': [unknown, unknown][] };
    // An array as a #map from its (enum) index to its elements; enum members as variants.
    assert.deepEqual(oe['#map'][0], [
      { tag: 'DIO_COW', value: { '#tup': [] } },
      { tag: 'NONE', value: { '#tup': [] } },
    ]);
    assert.equal(first[ACTION_TAKEN], 'init');
    assert.match(String(itf.states[1]![ACTION_TAKEN]), /^[a-z_]+: /);
  });

  it('parses JSON output back to the same traces', () => {
    const json = JSON.parse(renderAll([result], 'json')) as {
      schema: number;
      models: { counterexamples: unknown[] }[];
    };
    assert.equal(json.schema, 2);
    assert.deepEqual(json.models[0]!.counterexamples, JSON.parse(JSON.stringify(traces)));
  });

  it('draws a Mermaid sequence diagram with a participant per process', () => {
    const m = renderMermaid(traces.find((t) => t.violation!.property === 'no_lost_dio_write')!);
    const lines = m.trim().split('\n');
    assert.equal(lines[0], 'sequenceDiagram');
    assert.deepEqual(
      lines.filter((l) => l.includes('participant')),
      ['  participant P0 as CPU 1', '  participant P1 as CPU 2'],
    );
    assert.equal(
      lines.filter((l) => l.includes('activate P0') && !l.includes('deactivate')).length,
      lines.filter((l) => l.includes('deactivate P0')).length,
    );
    assert.ok(!lines.some((l) => /;/.test(l)), 'no raw ; that would end a Mermaid statement');
    assert.match(m, /P1->>P1: btrfs_submit_direct\(\)/);
  });

  it('writes Markdown with the diagram fenced and a table of the variables', () => {
    const md = renderOne(result, 'markdown');
    assert.match(md, /^## models\/btrfs-relocation\/v4\.6\.race|^## test\.race/);
    assert.match(md, /```text\n +CPU 1 +CPU 2\n/);
    assert.match(md, /\| # \| step \| .*`used`/);
  });
});

describe('gate reports', async () => {
  const source = makeSource(
    join(ROOT, 'specs/test.spec'),
    `spec "mixed" {
  model "../models/btrfs-relocation/v4.7.race"
  expect no_deadlock holds
  expect used_bytes_zero violated
  replay "diagrams/f78c436c.txt" stopped at "btrfs_inc_nocow_writers(bg X)"
  replay "diagrams/9cfa3e34.txt" violates used_bytes_zero
}`,
  );
  const run = await runSpec(parseSpecs(source)[0]!);

  it('decides each expectation', () => {
    assert.deepEqual(
      run.rows.map((r) => [r.subject, r.ok]),
      [
        ['no_deadlock', true],
        ['used_bytes_zero', false],
        ['replay f78c436c.txt', true],
        ['replay 9cfa3e34.txt', false],
      ],
    );
    assert.equal(run.rows[3]!.got, 'stopped at wait_on_atomic_t(&bg->reservations)');
  });

  it('writes well-formed JUnit XML with a test case per expectation', () => {
    const xml = renderJunit([run]);
    assert.match(
      xml,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="racecheck gate" tests="4" failures="2"/,
    );
    assert.equal((xml.match(/<testcase /g) ?? []).length, 4);
    assert.equal((xml.match(/<failure /g) ?? []).length, 2);
    assert.ok(!/&(?!amp;|lt;|gt;|quot;)/.test(xml), 'every & is escaped');
    assertWellFormed(xml);
  });

  it("annotates each miss for GitHub Actions at the property's line", () => {
    const a = githubAnnotations([run]).trim().split('\n');
    assert.equal(a.length, 2);
    assert.match(
      a[0]!,
      new RegExp(
        /^::error file=models\/btrfs-relocation\/v4\.7\.race,line=\d+,col=\d+,title=racecheck gate::/.source +
          /mixed: expected used_bytes_zero to be violated, but it holds$/.source,
      ),
    );
    assert.match(
      a[1]!,
      new RegExp(
        /^::error file=.*test\.spec,line=6,col=3,title=racecheck gate::/.source +
          /mixed: expected replay 9cfa3e34\.txt to be violates used_bytes_zero/.source,
      ),
    );
  });
});

/** A small well-formedness check: tags nest and close, attributes are quoted, text has no raw '<'. */
function assertWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\n/, '');
  const stack: string[] = [];
  let last = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z]+)((?:\s+[a-z]+="[^"<]*")*)\s*(\/?)>/g)) {
    assert.ok(!body.slice(last, m.index).includes('<'), `stray < before ${m[0]}`);
    last = m.index! + m[0].length;
    if (m[1]) assert.equal(stack.pop(), m[2], `</${m[2]}> closes the wrong element`);
    else if (!m[4]) stack.push(m[2]!);
  }
  assert.ok(!body.slice(last).includes('<'));
  assert.deepEqual(stack, []);
}
