/*
 * Renders Mermaid diagrams with the real Mermaid 11 in headless Chromium, for
 * the Mermaid test: each diagram is parsed and laid out by Mermaid itself, and
 * the page reports, per diagram, the parse error if any and which boxes (notes,
 * message texts) reach across a lifeline other than their own. Nothing here is
 * a dependency of racecheck: Chromium is Debian's (apt-get install chromium),
 * the Mermaid bundle comes from the npm registry into a temporary folder (or
 * MERMAID_JS names one), and the test is skipped where either is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Rendered {
  readonly ok: boolean;
  readonly error?: string;
  /** The text of each note or message that reaches across a lifeline other than its own. */
  readonly crossings: readonly string[];
  /** Every text drawn (participants, notes, messages), as the reader sees it. */
  readonly texts: readonly string[];
  /** The widest distance between two neighbouring lifelines, in pixels (Mermaid widens a lane to fit its text). */
  readonly lane: number;
}

/** The Chromium binary, or undefined where there is none. */
export function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('which', [name], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

/**
 * mermaid.min.js of Mermaid 11, with its version: MERMAID_JS (a package's dist/mermaid.min.js), or fetched
 * with `npm pack mermaid@11` (undefined if that fails).
 */
export function findMermaid(): { path: string; version: string } | undefined {
  const withVersion = (path: string) => {
    const pkg = join(dirname(path), '..', 'package.json');
    const version = existsSync(pkg) ? (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version : '';
    return { path, version };
  };
  if (process.env.MERMAID_JS)
    return existsSync(process.env.MERMAID_JS) ? withVersion(process.env.MERMAID_JS) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'racecheck-mermaid-'));
  try {
    execFileSync('npm', ['pack', 'mermaid@11', '--silent', '--pack-destination', dir], { stdio: 'pipe' });
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!tgz) return undefined;
    execFileSync('tar', ['-xzf', join(dir, tgz), '-C', dir, 'package/dist/mermaid.min.js', 'package/package.json'], {
      stdio: 'pipe',
    });
    const bundle = join(dir, 'package', 'dist', 'mermaid.min.js');
    return existsSync(bundle) ? withVersion(bundle) : undefined;
  } catch {
    return undefined;
  }
}

/** Renders each diagram in one headless page and reads back what happened to each. */
export function renderInBrowser(chromium: string, mermaidJs: string, diagrams: readonly string[]): Rendered[] {
  const dir = mkdtempSync(join(tmpdir(), 'racecheck-mermaid-page-'));
  const page = join(dir, 'page.html');
  // As UTF-8, as any web page declares it: the bundle's own entity decoding matches non-ASCII placeholders.
  writeFileSync(page, pageFor(mermaidJs, diagrams));
  const r = spawnSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--allow-file-access-from-files',
      '--virtual-time-budget=60000',
      '--dump-dom',
      `file://${page}`,
    ],
    { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 2 ** 20 },
  );
  const m = /<pre id="result">([^<]*)<\/pre>/.exec(r.stdout ?? '');
  if (!m) throw new Error(`chromium printed no result (exit ${r.status}): ${(r.stderr ?? '').slice(0, 500)}`);
  const json = m[1]!
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  if (json === 'pending') throw new Error('the page did not finish rendering in time');
  return JSON.parse(json) as Rendered[];
}

function pageFor(mermaidJs: string, diagrams: readonly string[]): string {
  // The measuring runs in the page: lifelines are Mermaid's line.actor-line, boxes its rect.note and
  // text.messageText; a box crosses a lifeline that lies strictly inside its horizontal extent.
  const script = `
    mermaid.initialize({ startOnLoad: false });
    const diagrams = ${JSON.stringify(diagrams)};
    (async () => {
      const out = [];
      for (let i = 0; i < diagrams.length; i++) {
        const holder = document.createElement('div');
        document.body.appendChild(holder);
        try {
          const { svg } = await mermaid.render('d' + i, diagrams[i]);
          holder.innerHTML = svg;
          const lines = [...holder.querySelectorAll('line.actor-line')].map((l) => l.getBBox().x);
          const xs = [...new Set(lines.map((x) => Math.round(x)))];
          const crossings = [];
          const notes = [...holder.querySelectorAll('rect.note')];
          const messages = [...holder.querySelectorAll('text.messageText')];
          const boxes = notes.map((r) => ({ b: r.getBBox(), t: r.parentNode.textContent }))
            .concat(messages.map((t) => ({ b: t.getBBox(), t: t.textContent })));
          for (const { b, t } of boxes) {
            // Its own lifeline: the last one at or left of its middle (under a note over it, or left of it).
            const middle = b.x + b.width / 2;
            const own = Math.max(...xs.filter((x) => x <= middle + 1));
            const others = xs.filter((x) => x !== own && x > b.x + 1 && x < b.x + b.width - 1);
            // A note over every participant (the constants, the violation) spans them all on purpose.
            if (others.length > 0 && !/^(violated|constants): /.test(t.trim())) crossings.push(t.trim());
          }
          const sorted = [...xs].sort((a, b) => a - b);
          const lane = Math.max(0, ...sorted.slice(1).map((x, k) => x - sorted[k]));
          const texts = [...holder.querySelectorAll('text')].map((t) => t.textContent);
          out.push({ ok: true, crossings, lane, texts });
        } catch (e) {
          out.push({ ok: false, error: String(e && e.message || e), crossings: [], lane: 0, texts: [] });
        }
      }
      document.getElementById('result').textContent = JSON.stringify(out);
    })();`;
  return `<!doctype html><html><head><meta charset="utf-8"></head><body><pre id="result">pending</pre>
<script src="file://${mermaidJs}"></script>
<script>${script}</script></body></html>`;
}
