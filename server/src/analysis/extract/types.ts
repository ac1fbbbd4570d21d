/**
 * What every extractor returns: the document's prose as a copy of the text of
 * the same length in which everything that is not prose (code, markup, comments'
 * markers...) is blanked to spaces, plus the blocks (paragraphs, headings, cells)
 * that sentences may not cross. Equal lengths mean every offset maps back exactly.
 */
export interface Prose {
  masked: string;
  blocks: Array<[start: number, end: number]>;
}

export class ProseBuilder {
  private readonly blocks: Array<[number, number]> = [];
  private readonly kept: Array<[number, number]> = [];

  constructor(private readonly text: string) {}

  /** Marks text[start, end) as prose. */
  keep(start: number, end: number): void {
    if (end > start) this.kept.push([start, end]);
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

  build(): Prose {
    this.closeBlock();
    const parts: string[] = [];
    let at = 0;
    this.kept.sort((a, b) => a[0] - b[0]);
    for (const [s, e] of this.kept) {
      const from = Math.max(s, at);
      if (e <= from) continue;
      parts.push(' '.repeat(from - at), this.text.slice(from, e));
      at = e;
    }
    parts.push(' '.repeat(this.text.length - at));
    return { masked: parts.join(''), blocks: this.blocks.sort((a, b) => a[0] - b[0]) };
  }
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
