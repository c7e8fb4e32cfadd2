/*
 * Greedy word wrapping for diagram text, with the continuation indents the
 * commit messages use: `-->` notes continue under their text, calls continue
 * two columns in, sentences continue flush.
 */
import type { TextKind } from '../trace/drawing.js';

/** Wraps `text` into lines of at most `width` characters (a longer word stands alone); `\n` forces a break. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((w) => w !== '')) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Lays out one piece of diagram text at `indent` within a column `width`
 * wide; returns the lines with their leading spaces.
 */
export function layoutText(kind: TextKind, text: string, indent: number, width: number): string[] {
  const lead = kind === 'arrow' ? '--> ' : '';
  const hang = kind === 'arrow' ? 4 : kind === 'call' ? 2 : 0;
  // Keep at least 24 characters a line, however deep the nesting.
  const room = Math.max(24, width - indent - hang);
  const lines = wrapWords(text, room);
  return lines.map((l, i) => (i === 0 ? ' '.repeat(indent) + lead + l : ' '.repeat(indent + hang) + l));
}
