import { LruCache } from '../cache';

/**
 * What every extractor returns: the document's prose as a copy of the text of
 * the same length in which everything that is not prose (code, markup, comments'
 * markers...) is blanked to spaces, plus the blocks (paragraphs, headings, cells)
 * that sentences may not cross. Equal lengths mean every offset maps back exactly.
 */
export interface Prose {
  masked: string;
  blocks: Array<[start: number, end: number]>;
  /**
   * The text as the writer wrote it, for display: prose plus the inline spans
   * (inline code, URLs, identifiers) that belong to a sentence but that the
   * model does not see; everything else blanked. Absent: same as `masked`.
   */
  shown?: string;
  /** Those inline spans, sorted; they are blank in `masked` and visible in `shown`. */
  inline?: Array<[start: number, end: number]>;
  /** The document's text (where markup closes up without a space, the sentence does too). */
  source?: string;
}

/** URLs, e-mail addresses and file paths: a link is no part of the tone. */
const URL = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/giu;
/**
 * Identifiers in code comments: snake_case, camelCase (a lower letter before an
 * upper one), dotted paths with a member of two letters or more, calls `f()` and
 * `--flags`. The sentence shows them; the model does not judge them.
 */
const IDENTIFIER = /(?<![\p{L}\p{N}_$])(?:[\p{L}_$][\p{L}\p{N}_$]*(?:\.[\p{L}_$][\p{L}\p{N}_$]*)*(?:\(\))|[\p{L}_$][\p{L}\p{N}_$]*(?:\.[\p{L}_$][\p{L}\p{N}_$]*)+|\p{L}*[\p{Ll}\p{N}][\p{Lu}][\p{L}\p{N}]*|[\p{L}\p{N}$]*_[\p{L}\p{N}_$]*[\p{L}\p{N}$]|--?[a-z][\w-]*(?==|\s|$))(?![\p{L}\p{N}_$])/gu;

export interface BuildOptions {
  /** Leave URLs out of what the model sees (all formats). */
  urls?: boolean;
  /** Leave identifiers out of what the model sees (code comments). */
  identifiers?: boolean;
}

export class ProseBuilder {
  private readonly blocks: Array<[number, number]> = [];
  private readonly kept: Array<[number, number]> = [];

  constructor(private readonly text: string) {}

  /** Marks text[start, end) as prose. */
  keep(start: number, end: number): void {
    if (end > start) this.kept.push([start, end]);
  }

  private readonly inlined: Array<[number, number]> = [];

  /** Marks text[start, end) as part of the sentence as written that the model does not see (inline code). */
  inline(start: number, end: number): void {
    if (end > start) this.inlined.push([start, end]);
  }

  /** Ends a block spanning text[start, end). */
  block(start: number, end: number): void {
    if (end > start) this.blocks.push([start, end]);
  }

  private open: [number, number] | undefined;

  /** Keeps text[start, end) as prose in the open block (a new one if none is open). */
  extend(start: number, end: number): void {
    this.keep(start, end);
    if (this.open) this.open[1] = end;
    else this.open = [start, end];
  }

  /** Where the open block ends, if one is open. */
  get openEnd(): number | undefined {
    return this.open?.[1];
  }

  closeBlock(): void {
    if (this.open) this.block(this.open[0], this.open[1]);
    this.open = undefined;
  }

  build(options: BuildOptions = { urls: true }): Prose {
    this.closeBlock();
    const blocks = this.blocks.sort((a, b) => a[0] - b[0]);
    const prose = overlay(this.text, this.kept);
    const found: Array<[number, number]> = [];
    const find = (re: RegExp) => {
      for (const m of prose.matchAll(re)) found.push([m.index!, m.index! + m[0].length]);
    };
    if (options.urls) find(URL);
    if (options.identifiers) find(IDENTIFIER);
    const inline = merge([...this.inlined, ...found]);
    if (!inline.length) return { masked: prose, blocks, source: this.text };
    return { masked: blank(prose, inline), shown: overlay(this.text, [...this.kept, ...this.inlined]), inline, blocks, source: this.text };
  }
}

/** Sorted, non-overlapping copy of some ranges. */
function merge(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The text with only `ranges` visible, the rest blanked to spaces (same length). */
function overlay(text: string, ranges: Array<[number, number]>): string {
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of merge(ranges)) {
    parts.push(' '.repeat(s - at), text.slice(s, e));
    at = e;
  }
  parts.push(' '.repeat(text.length - at));
  return parts.join('');
}

function blank(text: string, ranges: Array<[number, number]>): string {
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    parts.push(text.slice(at, s), ' '.repeat(e - s));
    at = e;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** Offsets of each line's start; a line break is \r\n, \n or \r (as in LSP). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The lines of a text with their start and end offsets (end excludes the break). */
export function lines(text: string): Array<{ start: number; end: number; text: string }> {
  const starts = lineStarts(text);
  return starts.map((start, i) => {
    let end = i + 1 < starts.length ? starts[i + 1] : text.length;
    if (i + 1 < starts.length) {
      if (text.charCodeAt(end - 1) === 10) end--;
      if (text.charCodeAt(end - 1) === 13) end--;
    }
    return { start, end, text: text.slice(start, end) };
  });
}

/** Paragraphs: runs of lines that are not blank, each line filtered by `keepLine`. */
export function paragraphs(text: string, keepLine: (line: string, index: number) => boolean = () => true, stopAt?: (line: string) => boolean): Prose {
  const b = new ProseBuilder(text);
  for (const [i, line] of lines(text).entries()) {
    if (stopAt?.(line.text)) break;
    if (!line.text.trim() || !keepLine(line.text, i)) b.closeBlock();
    else b.extend(line.start, line.end);
  }
  return b.build();
}

/**
 * A document read in independent chunks (Org sections, LaTeX paragraphs at the top
 * level): each chunk's prose is cached by its text, so an edit re-parses only the
 * chunk it touched. The chunks must cover the text, in order, without gaps.
 */
export function extractChunked(text: string, chunks: Array<[number, number]>, extract: (chunk: string) => Prose, cache: LruCache<string, Prose>): Prose {
  const masked: string[] = [];
  const shown: string[] = [];
  const blocks: Array<[number, number]> = [];
  const inline: Array<[number, number]> = [];
  for (const [start, end] of groups(text, chunks)) {
    const chunk = text.slice(start, end);
    let p = cache.get(chunk);
    if (!p) {
      p = extract(chunk);
      cache.set(chunk, { ...p, source: undefined });
    }
    masked.push(p.masked);
    shown.push(p.shown ?? p.masked);
    for (const [s, e] of p.blocks) blocks.push([start + s, start + e]);
    for (const [s, e] of p.inline ?? []) inline.push([start + s, start + e]);
  }
  const m = masked.join('');
  return inline.length ? { masked: m, shown: shown.join(''), inline, blocks, source: text } : { masked: m, blocks, source: text };
}

/**
 * Chunks merged into groups of a few kB (each parser call has a fixed cost). A group
 * ends after a chunk whose text hashes to 0 mod 4, or at 4,000 characters, so its
 * boundaries depend on nearby text only: an edit changes one group, not all after it.
 */
function groups(text: string, chunks: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = chunks.length ? chunks[0][0] : 0;
  for (const [s, e] of chunks) {
    let h = 0;
    for (let i = s; i < e; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    if ((h & 3) === 0 || e - start >= 4000) {
      out.push([start, e]);
      start = e;
    }
  }
  if (!out.length || start < text.length) out.push([start, text.length]);
  return out;
}
