/** `emotion-lens check`: per-sentence emotions of files, folders and globs, with a summary. */
import * as path from 'path';
import { Analyzer } from '../analysis/analyzer';
import { ALL_LANGUAGES, languageOfFileName } from '../../../common/protocol';
import { countSentences, failedOn, fileJson, formatReport, parseFormat, ReportContext, summaryLine } from './format';
import { expandOperands, InputFile, parseSize, readInput } from './inputs';
import { openLane, parseJobs, ReviewLane } from './bulk';
import { repoRoot } from './git';
import { OutSentence, Reviewer, Unit } from './review';
import { parseLabels, parseThreshold } from './shared';
import { CannotRunError, EXIT, UsageError } from './usage';

/** The language of a file from the one table of supported languages; plain text when it has none. */
export function languageOf(file: string): string {
  return languageOfFileName(path.basename(file)) ?? 'plaintext';
}

/** Notes go to stderr, one line each, prefixed so they stand out from the report. */
export function note(message: string): void {
  process.stderr.write(`emotion-lens: ${message}\n`);
}

/** Options shared by check, commits and commit-msg, validated before the model loads. */
export function commonOptions(values: Record<string, any>) {
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config exclude each other');
  return {
    format: parseFormat(values),
    failOn: parseLabels(values['fail-on']),
    labels: values.labels !== undefined ? parseLabels(values.labels, '--labels') : undefined,
    threshold: values.threshold !== undefined ? parseThreshold(values.threshold, 0) : undefined,
    config: values['no-config'] ? null : (values.config as string | undefined),
    // the model reads English only; this judges other languages' paragraphs anyway (emotionLens.englishOnly off)
    ...(values['no-english-only'] ? { englishOnly: false } : {}),
  };
}

export async function checkCommand(values: Record<string, any>, operands: string[]): Promise<number> {
  if (!operands.length) throw new UsageError('check needs at least one FILE, folder or glob (or - for stdin)');
  if (values.language && !ALL_LANGUAGES.includes(values.language)) {
    throw new UsageError(`unknown --language "${values.language}" (one of: ${ALL_LANGUAGES.join(', ')})`);
  }
  const opts = commonOptions(values);
  const jobs = parseJobs(values.jobs, (m) => new UsageError(m));
  const maxBytes = parseSize(values['max-file-size'], (m) => new UsageError(m));
  const cwd = process.cwd();
  const root = repoRoot(cwd) ?? cwd;
  // find the files (and any broken config) before the model loads: usage errors come fast
  const probe = new Reviewer(new Analyzer(async () => []), 0, opts);
  const { files, notes } = expandOperands(operands, { cwd, configFor: (dir) => probe.configFor(dir, [root]) });
  const dirOf = (f: InputFile) => (f.path === '-' ? cwd : path.dirname(f.path));
  for (const f of files) probe.configFor(dirOf(f), [root]);
  const allNotes = [...notes];
  for (const n of notes) note(n);
  // files named explicitly (or by a glob) whose type the table does not know: one note, so a
  // reStructuredText file read as plain text is not mistaken for a supported format
  if (!values.language) {
    const unknown = files.filter((f) => f.path !== '-' && !languageOfFileName(path.basename(f.path))).map((f) => f.display);
    if (unknown.length) {
      const shown = unknown.length > 10 ? `${unknown.slice(0, 10).join(', ')} and ${unknown.length - 10} more` : unknown.join(', ');
      const n = `read as plain text (unknown file type; --language sets one): ${shown}`;
      note(n);
      allNotes.push(n);
    }
  }

  // files are read one by one just ahead of the model and written out as they finish,
  // in operand order: memory holds a few files, not the whole run
  let lane: ReviewLane | undefined;
  let stream: ReportStream | undefined;
  const ctx = { ...opts, command: 'check' as const, all: values.all, quiet: values.quiet, root, notes: allNotes };
  const window = Math.max(2, jobs * 3);
  const done = new Map<number, Unit | null>();
  const running = new Set<Promise<void>>();
  let next = 0; // the next index to write
  let failure: unknown;
  const flush = async () => {
    while (done.has(next)) {
      const u = done.get(next)!;
      done.delete(next++);
      if (u) await stream!.add(u);
    }
  };
  try {
    for (let i = 0; i < files.length; i++) {
      const file = files[i];
      // bounded: never more than `window` files read and not yet written
      while (running.size && (i - next >= window || running.size >= jobs * 2)) {
        await Promise.race(running);
        if (failure) throw failure;
        await flush();
      }
      const read = await readInput(file, maxBytes);
      if ('skip' in read) {
        const n = `skipped ${file.display}: ${read.skip}`;
        note(n);
        allNotes.push(n);
        done.set(i, null);
        await flush();
        continue;
      }
      if (!lane) {
        lane = await openLane(values, opts, [root], Math.min(jobs, files.length - i));
        stream = new ReportStream({ ...ctx, json: { threshold: opts.threshold ?? lane.defaultThreshold } });
      }
      const language = values.language ?? (file.path === '-' ? 'plaintext' : languageOf(file.path));
      const index = i;
      const p: Promise<void> = lane.review({ text: read.text, language, configDir: dirOf(file) }).then(
        (r) => {
          for (const pr of r.problems) note(`${file.display}:${pr}`);
          const rel = file.path === '-' ? undefined : path.relative(root, file.path);
          done.set(index, {
            kind: 'file',
            name: file.display,
            uri: rel === undefined ? undefined : rel.startsWith('..') || path.isAbsolute(rel) ? file.path : rel.split(path.sep).join('/'),
            language,
            ...r,
          });
        },
        (e) => void (failure ??= e),
      );
      running.add(p);
      void p.then(() => running.delete(p));
    }
    while (running.size) {
      await Promise.race(running);
      if (failure) throw failure;
      await flush();
    }
    await flush();
  } finally {
    lane?.close();
  }
  if (!stream) {
    if (files.length) throw new CannotRunError('no input could be read');
    // named folders with nothing to check: say so, nothing failed
    if (opts.format === 'text' && !values.quiet) process.stdout.write('0 sentences in 0 files\n');
    else if (opts.format !== 'text') process.stdout.write(formatReport([], { ...ctx, json: {} }));
    return EXIT.ok;
  }
  return (await stream.end()) ? EXIT.found : EXIT.ok;
}

/** What the summary needs of a unit once it is written: its sentences' labels, not their text. */
function slim(u: Unit): Unit {
  return { ...u, sentences: u.sentences.map((x) => ({ flagged: x.flagged, label: x.label, suppressed: x.suppressed }) as OutSentence) };
}

/** Writes a report unit by unit, in the same bytes (JSON, text, GitHub) or the same document (SARIF) as formatReport. */
export class ReportStream {
  private readonly written: Unit[] = [];
  private started = false;
  private any = false;
  private readonly marker = '\u0000units\u0000';

  constructor(private readonly ctx: ReportContext) {}

  async add(u: Unit): Promise<void> {
    const { ctx } = this;
    let out = '';
    if (!this.started) {
      this.started = true;
      out += this.head();
    }
    if (ctx.format === 'json') {
      out += (this.any ? ',\n' : '\n') + JSON.stringify(fileJson(u), null, 1).replace(/^/gm, '  ');
    } else if (ctx.format === 'sarif') {
      const results = JSON.parse(formatReport([u], { ...ctx, notes: [] })).runs[0].results as unknown[];
      for (const r of results) {
        out += (this.any ? ',\n' : '\n') + JSON.stringify(r);
        this.any = true;
      }
    } else {
      out += formatReport([u], { ...ctx, quiet: true });
    }
    if (ctx.format === 'json') this.any = true;
    this.written.push(slim(u));
    await write(out);
  }

  /** Writes the end (summary, counts, notes); true when a --fail-on label was found. */
  async end(): Promise<boolean> {
    const { ctx } = this;
    const failed = failedOn(this.written, ctx.failOn);
    let out = this.started ? '' : this.head();
    if (ctx.format === 'json') {
      const tail = JSON.stringify({ ...ctx.json, files: this.marker, counts: countSentences(this.written), failed }, null, 1);
      out += (this.any ? '\n ]' : ']') + tail.slice(tail.indexOf(JSON.stringify(this.marker)) + JSON.stringify(this.marker).length) + '\n';
    } else if (ctx.format === 'sarif') {
      const invocations = JSON.stringify(JSON.parse(formatReport([], ctx)).runs[0].invocations);
      out += (this.any ? '\n' : '') + `],\n"invocations": ${invocations}\n}]\n}\n`;
    } else if (!ctx.quiet) {
      out += summaryLine(this.written, ctx, failed) + '\n';
    }
    await write(out);
    return failed;
  }

  private head(): string {
    const { ctx } = this;
    if (ctx.format === 'json') {
      const whole = JSON.stringify({ ...ctx.json, files: this.marker }, null, 1);
      return whole.slice(0, whole.indexOf(JSON.stringify(this.marker))) + '[';
    }
    if (ctx.format === 'sarif') {
      // the document without results and invocations; they follow, invocations last (its notes are known at the end)
      const doc = JSON.parse(formatReport([], { ...ctx, notes: [] }));
      const run = doc.runs[0];
      delete run.results;
      delete run.invocations;
      const text = JSON.stringify(doc, null, 1);
      // reopen the run object and the document: drop the closing "}\n ]\n}" of runs[0] and the document
      const cut = text.lastIndexOf('}', text.lastIndexOf(']'));
      return text.slice(0, cut).trimEnd() + ',\n"results": [';
    }
    return '';
  }
}

/** stdout with backpressure: a slow reader (a pipe to less) holds the run, not memory. */
function write(s: string): Promise<void> {
  if (!s) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(s, (e) => (e ? reject(e) : ok && resolve()));
    if (!ok) process.stdout.once('drain', resolve);
  });
}
