/**
 * The window of a big document that can be read alone, around what the writer sees:
 * whole paragraphs (blank line to blank line) of Markdown or plain text, outside any
 * fenced code block or HTML comment. Extracting a screenful costs a few milliseconds,
 * the whole of a 1 MB document a hundred or more, so the visible part is analysed from
 * its window first and the whole document after (its sentences then come from the cache).
 */
/** Formats whose paragraphs read the same alone as in the whole document (given the checks below). */
const WINDOWED = new Set(['markdown', 'plaintext']);
/** No window when the blank lines are further apart than this: the whole document it is. */
const MAX_WINDOW = 64_000;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/gm;

export function previewWindow(text: string, languageId: string, ranges: Array<[number, number]>): [number, number] | undefined {
  if (!WINDOWED.has(languageId) || !ranges.length) return undefined;
  const from = Math.max(0, Math.min(...ranges.map(([a]) => a)));
  const to = Math.min(text.length, Math.max(...ranges.map(([, b]) => b)));
  if (to - from > MAX_WINDOW) return undefined;
  const start = paragraphEdge(text, from, -1);
  const end = paragraphEdge(text, to, 1);
  if (start === undefined || end === undefined || end - start > MAX_WINDOW) return undefined;
  if (languageId === 'markdown' && (insideFence(text, start) || insideComment(text, start))) return undefined;
  return [start, end];
}

/** The offset of the nearest blank line at or beyond `at` in direction `dir` (the document's edge counts). */
function paragraphEdge(text: string, at: number, dir: 1 | -1): number | undefined {
  let pos = dir < 0 ? text.lastIndexOf('\n', Math.max(0, at - 1)) : text.indexOf('\n', at);
  for (let steps = 0; steps < MAX_WINDOW; ) {
    if (pos < 0) return dir < 0 ? 0 : text.length;
    const next = dir < 0 ? text.lastIndexOf('\n', pos - 1) : text.indexOf('\n', pos + 1);
    const line = dir < 0 ? text.slice(next + 1, pos) : text.slice(pos + 1, next < 0 ? text.length : next);
    if (!line.trim()) return dir < 0 ? pos + 1 : text[pos - 1] === '\r' ? pos - 1 : pos;
    steps += line.length + 1;
    pos = next;
  }
  return undefined;
}

/** Whether a fenced code block is open at `offset`, a line start (CommonMark: closed by a fence of the same character, at least as long, with nothing after it). */
function insideFence(text: string, offset: number): boolean {
  let open: string | undefined;
  for (const m of text.slice(0, offset).matchAll(FENCE)) {
    if (!open) open = m[1];
    else if (m[1][0] === open[0] && m[1].length >= open.length && !m[2].trim()) open = undefined;
  }
  return open !== undefined;
}

function insideComment(text: string, offset: number): boolean {
  const head = text.slice(0, offset);
  return head.lastIndexOf('<!--') > head.lastIndexOf('-->');
}
