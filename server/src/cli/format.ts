/**
 * Reports in the formats people and CI read: text (escaped for terminals), JSON,
 * SARIF 2.1.0 (code scanning: one result per flagged sentence, ruleId the emotion,
 * 1-based regions in UTF-16 columns) and GitHub workflow commands (annotations).
 */
import { createHash } from 'crypto';
import { pathToFileURL } from 'url';
import { EMOTIONS, Emotion } from '../../../common/protocol';
import { escapeForTerminal, packageVersion, percent } from './shared';
import type { OutSentence, Unit } from './review';
import { UsageError } from './usage';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(values: { format?: string; json?: boolean }): Format {
  if (values.json && values.format && values.format !== 'json') throw new UsageError(`--json and --format ${values.format} disagree`);
  const f = values.json ? 'json' : (values.format ?? 'text');
  if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown --format "${f}" (one of: ${FORMATS.join(', ')})`);
  return f as Format;
}

export interface ReportContext {
  format: Format;
  command: 'check' | 'commits' | 'commit-msg';
  failOn: Emotion[];
  all?: boolean;
  quiet?: boolean;
  /** The repository root (or working folder) that SARIF URIs are relative to. */
  root?: string;
  /** Top-level JSON fields of this command (threshold, range...). */
  json?: Record<string, unknown>;
  /** Notes also written to stderr; SARIF keeps them as tool notifications. */
  notes: string[];
}

export function countSentences(units: Unit[]): Record<Emotion, number> & { neutral: number } {
  const counts = { neutral: 0 } as Record<Emotion, number> & { neutral: number };
  for (const e of EMOTIONS) counts[e] = 0;
  for (const u of units) for (const s of u.sentences) s.flagged ? counts[s.label as Emotion]++ : counts.neutral++;
  return counts;
}

export function failedOn(units: Unit[], failOn: Emotion[]): boolean {
  return units.some((u) => u.sentences.some((s) => s.flagged && failOn.includes(s.label as Emotion)));
}

/** The report as a string for stdout. */
export function formatReport(units: Unit[], ctx: ReportContext): string {
  switch (ctx.format) {
    case 'json':
      return JSON.stringify(jsonReport(units, ctx), null, 1) + '\n';
    case 'sarif':
      return JSON.stringify(sarifReport(units, ctx), null, 1) + '\n';
    case 'github':
      return githubReport(units, ctx);
    default:
      return textReport(units, ctx);
  }
}

/** One file of `--format json` (streamed by check.ts, whole here). */
export function fileJson(u: Unit) {
  return {
    file: u.name,
    language: u.language,
    ...(u.threshold !== undefined ? { threshold: u.threshold, labels: u.labels } : {}),
    ...(u.skipped ? { skipped: u.skipped } : {}),
    ...(u.problems.length ? { problems: u.problems } : {}),
    sentences: u.sentences,
  };
}

function jsonReport(units: Unit[], ctx: ReportContext) {
  const counts = countSentences(units);
  const failed = failedOn(units, ctx.failOn);
  if (ctx.command === 'check' || ctx.command === 'commit-msg') {
    const files = units.map(fileJson);
    return { ...ctx.json, files, counts, failed };
  }
  const commits = units.map((u) => ({
    sha: u.sha,
    subject: u.subject,
    ...(u.skipped ? { skipped: u.skipped } : {}),
    ...(u.problems.length ? { problems: u.problems } : {}),
    sentences: u.sentences,
  }));
  return { ...ctx.json, commits, counts, failed };
}

function truncate(s: string, n = 100): string {
  return s.length > n ? s.slice(0, n - 3) + '...' : s;
}

function textReport(units: Unit[], ctx: ReportContext): string {
  const out: string[] = [];
  for (const u of units) {
    for (const s of u.sentences) {
      if (!s.flagged && !ctx.all) continue;
      const where = `${escapeForTerminal(u.name)}:${s.range.start.line + 1}:${s.range.start.character + 1}`;
      const what = s.flagged ? `${s.label} ${percent(s.score)}` : `- ${percent(s.score)}${s.suppressed ? ` (${s.top}, silenced: ${s.suppressed})` : ''}`;
      out.push(`${where}  ${what}  ${escapeForTerminal(truncate(s.text))}`);
    }
  }
  const failed = failedOn(units, ctx.failOn);
  if (!ctx.quiet) out.push(summaryLine(units, ctx, failed));
  return out.length ? out.join('\n') + '\n' : '';
}

export function summaryLine(units: Unit[], ctx: ReportContext, failed = failedOn(units, ctx.failOn)): string {
  const counts = countSentences(units);
  const n = units.reduce((a, u) => a + u.sentences.length, 0);
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  const checked = units.filter((u) => !u.skipped).length;
  const skipped = units.length - checked;
  const where = ctx.command === 'commits'
    ? `${plural(checked, 'commit')}${skipped ? ` (${skipped} skipped: git's own messages)` : ''}`
    : plural(checked, 'file');
  const mix = EMOTIONS.filter((e) => counts[e]).map((e) => `${counts[e]} ${e}`);
  const silenced = units.reduce((a, u) => a + u.sentences.filter((s) => s.suppressed).length, 0);
  return `${plural(n, 'sentence')} in ${where}: ${mix.length ? mix.join(', ') + ', ' : ''}${counts.neutral} neutral` +
    (silenced ? ` (${silenced} silenced)` : '') +
    (failed ? `; found ${ctx.failOn.join('/')} (--fail-on)` : '');
}

/** GitHub's escapes: data changes %, CR and LF; properties also : and ,. */
const ghData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProp = (s: string) => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function githubReport(units: Unit[], ctx: ReportContext): string {
  const out: string[] = [];
  for (const u of units) {
    for (const s of u.sentences) {
      if (!s.flagged) continue;
      const level = ctx.failOn.includes(s.label as Emotion) ? 'error' : 'notice';
      const props: string[] = [];
      if (u.kind === 'file' && u.uri) {
        props.push(`file=${ghProp(u.uri)}`, `line=${s.range.start.line + 1}`, `endLine=${s.range.end.line + 1}`);
        if (s.range.start.line === s.range.end.line) props.push(`col=${s.range.start.character + 1}`, `endColumn=${s.range.end.character + 1}`);
      }
      const title = u.kind === 'commit' ? `Emotion Lens: ${s.label} ${percent(s.score)} in commit ${u.name}` : `Emotion Lens: ${s.label} ${percent(s.score)}`;
      props.push(`title=${ghProp(title)}`);
      const message = u.kind === 'commit' ? `${s.text} (commit ${u.name} "${u.subject ?? ''}", line ${s.range.start.line + 1})` : s.text;
      out.push(`::${level} ${props.join(',')}::${ghData(message)}`);
    }
  }
  if (!ctx.quiet) out.push(summaryLine(units, ctx));
  return out.length ? out.join('\n') + '\n' : '';
}

const RULE_HELP =
  'Rephrase the sentence if the emotion is not meant; or silence it: <!-- emotion-lens-disable-next-line --> on the line before ' +
  '(a code or commit comment works too), the sentence in "ignoreSentences" of .emotion-lens.json, or the label left out of its "labels".';

function sarifUri(uri: string): string {
  return uri.split('/').map(encodeURIComponent).join('/');
}

function sarifReport(units: Unit[], ctx: ReportContext) {
  const version = packageVersion();
  const results = [];
  for (const u of units) {
    for (const s of u.sentences) {
      if (!s.flagged) continue;
      const label = s.label as Emotion;
      const region = {
        startLine: s.range.start.line + 1,
        startColumn: s.range.start.character + 1,
        endLine: s.range.end.line + 1,
        endColumn: s.range.end.character + 1,
        snippet: { text: s.text },
      };
      const location = u.kind === 'file'
        ? u.uri !== undefined
          ? { physicalLocation: { artifactLocation: u.uri.startsWith('/') ? { uri: pathToFileURL(u.uri).href } : { uri: sarifUri(u.uri), uriBaseId: '%SRCROOT%' }, region } }
          : { physicalLocation: { artifactLocation: { description: { text: 'standard input' } }, region } }
        : { logicalLocations: [{ name: u.sha, fullyQualifiedName: `commit ${u.sha}`, kind: 'resource' }], message: { text: `commit ${u.name}: ${u.subject ?? ''}` } };
      results.push({
        ruleId: label,
        ruleIndex: EMOTIONS.indexOf(label),
        level: ctx.failOn.includes(label) ? 'error' : 'note',
        message: { text: `${label} (${percent(s.score)}): ${s.text}` },
        locations: [location],
        // stable across edits that move the sentence: where it is, which emotion, what it says
        partialFingerprints: { 'emotionLens/sentence/v1': fingerprint(u.uri ?? u.sha ?? u.name, label, s) },
        properties: { score: s.score, scores: s.scores, ...(u.kind === 'commit' ? { commit: u.sha } : {}) },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'emotion-lens',
            version,
            semanticVersion: version,
            rules: EMOTIONS.map((e) => ({
              id: e,
              name: e[0].toUpperCase() + e.slice(1),
              shortDescription: { text: `A sentence whose tone reads as ${e}.` },
              fullDescription: { text: `The emotion classifier found ${e} in this sentence with at least the configured confidence.` },
              defaultConfiguration: { level: 'note' },
              help: { text: RULE_HELP },
            })),
          },
        },
        ...(ctx.root ? { originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(ctx.root.endsWith('/') ? ctx.root : ctx.root + '/').href } } } : {}),
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: ctx.notes.map((n) => ({ level: 'warning', message: { text: n } })),
          },
        ],
        results,
      },
    ],
  };
}

function fingerprint(where: string, label: Emotion, s: OutSentence): string {
  return createHash('sha256').update(`${where}\0${label}\0${s.text}`).digest('hex').slice(0, 32);
}
