/*
 * Reads a race diagram written in the commit-message style: a title line
 * naming the columns ("CPU 1   CPU 2"), then lines that belong to the column
 * they are indented under. Within a column, indentation gives the nesting;
 * `-->` starts a note whose continuation lines are indented under its text;
 * a call whose parentheses are still open, or a sentence, continues on the
 * next lines. A fold line of a sliced diagram ("… 3 steps") is no entry.
 * The result is the diagram's entries in order, each with the line it
 * starts on, for replay against a model.
 */
import { fail, lineText, type Source } from '../lang/index.js';
import type { EntryKind, ReplayInput } from './replay.js';

export interface DiagramEntry {
  /** 1-based line and column where the entry's text starts. */
  readonly line: number;
  readonly col: number;
  /** Index into the diagram's columns. */
  readonly column: number;
  readonly kind: EntryKind;
  /** Nesting depth within its column (two spaces a level). */
  readonly depth: number;
  readonly text: string;
  /** The first entry of a turn: the entry before it is in another column (or there is none). */
  readonly turnStart: boolean;
}

export interface Diagram {
  readonly source: Source;
  readonly titles: readonly string[];
  readonly entries: readonly DiagramEntry[];
}

const CALL = /^[A-Za-z_][A-Za-z0-9_]*\(/;
const FOLD = /^… \d+ steps?$/;

interface Line {
  readonly number: number;
  readonly indent: number;
  readonly text: string;
}

export function readDiagram(source: Source): Diagram {
  const lines: Line[] = [];
  for (let n = 1; n <= source.lineStarts.length; n++) {
    const raw = lineText(source, n).replace(/\t/g, '        ');
    const text = raw.trim();
    lines.push({ number: n, indent: raw.length - raw.trimStart().length, text });
  }
  const titleLine = lines.find((l) => l.text !== '');
  if (!titleLine)
    fail(source, { offset: 0, length: 1 }, 'the diagram is empty: it needs a title line such as "CPU 1    CPU 2"');
  const raw = lineText(source, titleLine.number);
  const titles: { text: string; center: number }[] = [];
  for (const m of raw.matchAll(/\S+(?: \S+)*/g)) titles.push({ text: m[0], center: m.index! + m[0].length / 2 });

  // A line belongs to the column whose title is nearest its indentation.
  const columnOf = (indent: number) => {
    let best = 0;
    for (let c = 1; c < titles.length; c++) if (indent >= (titles[c - 1]!.center + titles[c]!.center) / 2) best = c;
    return best;
  };
  // Each column's least indentation, its depth 0 (a loop: Math.min(...lines) overflows the stack).
  const base = titles.map(() => Infinity);
  for (const l of lines) {
    if (l.number <= titleLine.number || l.text === '') continue;
    const c = columnOf(l.indent);
    base[c] = Math.min(base[c]!, l.indent);
  }

  const entries: (DiagramEntry & { text: string })[] = [];
  // The entry being read, its last line, and (for a call) how many parentheses are still open:
  // counted line by line, since counting the whole text again at each line was quadratic.
  let prev: { entry: DiagramEntry & { text: string }; line: Line; open: number } | undefined;
  for (const l of lines) {
    if (l.number <= titleLine.number) continue;
    if (l.text === '') {
      // A blank line ends a sentence, not a note's indentation.
      if (prev && prev.entry.kind !== 'note') prev = undefined;
      continue;
    }
    if (FOLD.test(l.text)) {
      // racecheck's fold line (trace/folding.ts): steps left out, which replay finds again.
      prev = undefined;
      continue;
    }
    const column = columnOf(l.indent);
    const p = prev && prev.entry.column === column && prev.line.number === l.number - 1 ? prev : undefined;
    if (p && continues(p.entry, p.line, p.open, l)) {
      const joined = { ...p.entry, text: `${p.entry.text} ${l.text}` };
      entries[entries.length - 1] = joined;
      prev = { entry: joined, line: l, open: p.open + parenBalance(l.text) };
      continue;
    }
    const kind = l.text.startsWith('-->') ? 'note' : CALL.test(l.text) ? 'call' : 'text';
    const before = entries[entries.length - 1];
    const entry = {
      line: l.number,
      col: l.indent + 1,
      column,
      kind,
      depth: Math.max(0, Math.round((l.indent - base[column]!) / 2)),
      text: kind === 'note' ? l.text.slice(3).trim() : l.text,
      turnStart: !before || before.column !== column,
    } as const;
    entries.push(entry);
    prev = { entry, line: l, open: parenBalance(entry.text) };
  }
  return { source, titles: titles.map((t) => t.text), entries };
}

/**
 * Whether line `l` continues the entry that the line just above it (`at`) belongs to; `open` is
 * how many parentheses the entry's text leaves open.
 */
function continues(entry: DiagramEntry, at: Line, open: number, l: Line): boolean {
  if (l.text.startsWith('-->')) return false;
  const start = entry.col - 1;
  switch (entry.kind) {
    case 'note':
      return l.indent >= start + 4; // aligned under the note's text
    case 'call':
      return open > 0 && l.indent > start;
    case 'text':
      return l.indent === at.indent && !CALL.test(l.text);
  }
}

/** Opening parentheses less closing ones. */
function parenBalance(text: string): number {
  let depth = 0;
  for (const c of text) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
  return depth;
}

/** A diagram as replay input: columns by title, each entry labelled file:line. */
export function diagramInput(d: Diagram): ReplayInput {
  return {
    source: d.source,
    columns: d.titles.map((title) => ({ title })),
    entries: d.entries.map((e) => ({
      column: e.column,
      kind: e.kind,
      text: e.text,
      label: `${d.source.name}:${e.line}`,
      loc: { offset: d.source.lineStarts[e.line - 1]! + e.col - 1, length: Math.min(e.text.length, 60) },
    })),
  };
}
