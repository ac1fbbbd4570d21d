/**
 * Emotion Lens language server: LSP wiring only. Runs under the VS Code client
 * (IPC) or any LSP editor: `node dist/server.js --stdio`.
 */
import {
  CodeActionKind, Diagnostic, DiagnosticSeverity, ErrorCodes, Hover, LSPErrorCodes, MarkupKind, ResponseError, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer, countLabels, explainByOcclusion, notJudgedReason, PartialResults } from './analysis/analyzer';
import { LruCache } from './analysis/cache';
import { lineStarts } from './analysis/extract/types';
import { extractProse } from './analysis/extract';
import { PositionMapper, segmentSentences } from './analysis/segment';
import { isFlagged } from './classifier/flagRule';
import { hoverMarkdown } from './hover';
// the Node host; the browser bundle gets ./host/browser in its place (esbuild.mjs)
import { host as platform } from './host/node';
import { WorkerDiedError } from './host/types';
import {
  COMMENT_LANGUAGES, DIAGNOSTIC_SOURCE, DiagnosticData, DocumentResultsRequest, DocumentSummaryNotification,
  DocumentSummaryParams, EmotionLensSettings, FALLBACK_THRESHOLD, ModelStatusNotification, ModelStatusParams, Range, SentenceResult, Severity,
  VisibleRangesNotification,
} from '../../common/protocol';
import { SettingsCache } from './settings';
import { KeyedThrottle } from './throttle';
import { codeActions, commandArgument, IGNORE_LABEL_COMMAND, IGNORE_SENTENCE_COMMAND, QUICK_FIX_COMMANDS } from './codeActions';
import { effectiveLabels, effectiveThreshold, judgeSentences, prepareText } from './project/apply';
import { ServerProjects } from './project/lsp';

const connection = platform.createConnection();
installCrashGuards();
const documents = new TextDocuments(TextDocument);
let canPullConfiguration = false;
const settings = new SettingsCache(connection, () => canPullConfiguration);
const host = platform.createModelRunner((reason) => {
  connection.console.warn(`Emotion Lens: ${reason}; analysis resumes.`);
  revalidateAll();
});
let failNextClassify = false; // test hook: the next batch fails as a broken model would
const analyzer = new Analyzer((texts, urgent) => {
  if (failNextClassify) {
    failNextClassify = false;
    return Promise.reject(new Error('test: the model failed'));
  }
  return host.classify(texts, urgent);
});
// .emotion-lens.json files; a change on disk revalidates every open document
const projects = new ServerProjects(connection, () => revalidateAll());
let versionedEdits = false;
const results = new Map<string, DocumentSummaryParams>();
/** Hovers' explanations by sentence: the pointer rests on a sentence several times while the writer reads it. */
const explanations = new LruCache<string, Awaited<ReturnType<typeof explainByOcclusion>>>(500);
const warnedTooLarge = new Set<string>();
const shownModelErrors = new Set<string>();
let modelKey: string | undefined;
let modelThreshold = FALLBACK_THRESHOLD;
let modelError: string | undefined;
/** What each document's writer sees (emotion/visibleRanges): classified and published first. */
const visible = new Map<string, Range[]>();
/** Each document's last complete results and their text: unchanged regions keep their colours while a new version fills in. */
const lastComplete = new Map<string, { text: string; sentences: SentenceResult[] }>();
/** Failures already shown to the user (uri + reason): logged every time, shown once. */
const shownFailures = new Set<string>();
let shuttingDown = false;

/**
 * A window/showMessageRequest the client may not answer (some editors reject it):
 * the rejection is logged, never left unhandled (that would end the server).
 */
function tell(kind: 'warning' | 'error', message: string): void {
  // typed void without actions, yet it is a request whose promise rejects when the client refuses it
  const shown: unknown = kind === 'error' ? connection.window.showErrorMessage(message) : connection.window.showWarningMessage(message);
  Promise.resolve(shown).then(undefined, (e: unknown) => connection.console.warn(`Emotion Lens: the editor did not show the message "${message}": ${errorText(e)}`));
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Logs a failure of the analysis path with its document and reason; shows it to the user once. */
function reportFailure(uri: string, what: string, e: unknown): void {
  const reason = errorText(e);
  connection.console.error(`Emotion Lens: ${what} failed for ${uri}: ${e instanceof Error && e.stack ? e.stack : reason}`);
  const key = `${uri}\0${what}\0${reason}`;
  if (shownFailures.has(key)) return;
  shownFailures.add(key);
  tell('error', `Emotion Lens: ${what} failed for ${uri.split('/').pop() || uri}: ${reason}. Details in the Emotion Lens output.`);
}

/**
 * A bug in one handler must not end the server for every document: uncaught errors are
 * logged and the server goes on, unless they come in a burst (then exit and let the
 * client restart a clean process) or the connection itself is gone.
 */
function installCrashGuards(): void {
  const recent: number[] = [];
  const onError = (kind: string, e: unknown) => {
    const now = Date.now();
    recent.push(now);
    while (recent.length && now - recent[0] > 60_000) recent.shift();
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    try {
      connection.console.error(`Emotion Lens: ${kind}: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
    } catch {
      // the connection is what failed: nothing to log to; the exit below says it
    }
    if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || recent.length > 10) {
      if (typeof process !== 'undefined') process.exit(1);
    }
  };
  if (typeof process !== 'undefined' && typeof process.on === 'function') {
    process.on('uncaughtException', (e) => onError('uncaught exception', e));
    process.on('unhandledRejection', (e) => onError('unhandled rejection', e));
  } else if (typeof globalThis.addEventListener === 'function') {
    // the browser's web worker
    globalThis.addEventListener('unhandledrejection', (ev: any) => {
      ev.preventDefault?.();
      onError('unhandled rejection', ev.reason);
    });
    globalThis.addEventListener('error', (ev: any) => {
      ev.preventDefault?.();
      onError('uncaught exception', ev.error ?? ev.message);
    });
  }
}

/** LSP: after `shutdown` only `exit` is valid; malformed params are the client's error, not ours. */
function checkRequest(params: unknown, ...fields: Array<'textDocument' | 'position' | 'range' | 'uri'>): void {
  if (shuttingDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'the server is shutting down');
  const p = params as Record<string, any> | null | undefined;
  const bad = (what: string) => new ResponseError(ErrorCodes.InvalidParams, `invalid params: ${what}`);
  if (!p || typeof p !== 'object') throw bad('params must be an object');
  const isPos = (x: any) => x && Number.isInteger(x.line) && Number.isInteger(x.character) && x.line >= 0 && x.character >= 0;
  for (const f of fields) {
    if (f === 'textDocument' && typeof p.textDocument?.uri !== 'string') throw bad('textDocument.uri must be a string');
    if (f === 'uri' && typeof p.uri !== 'string') throw bad('uri must be a string');
    if (f === 'position' && !isPos(p.position)) throw bad('position must be {line, character} of non-negative integers');
    if (f === 'range' && !(isPos(p.range?.start) && isPos(p.range?.end))) throw bad('range must be {start, end} positions');
  }
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function status(params: ModelStatusParams): void {
  void connection.sendNotification(ModelStatusNotification, params);
}

/** (Re)loads the model when the machine-wide model settings change. */
function ensureModel(s: EmotionLensSettings): Promise<unknown> {
  const key = JSON.stringify([s.model, s.allowRemoteModels]);
  if (key === modelKey) return host.ready;
  modelKey = key;
  analyzer.cache.clear(); // results of another model
  explanations.clear();
  const name = s.model || 'bundled model';
  status({ state: 'loading', model: name });
  const ready = host.load({ model: s.model, allowRemoteModels: s.allowRemoteModels, cacheDir: platform.modelCacheDir() });
  ready.then(
    (info) => {
      modelError = undefined;
      modelThreshold = info.defaultThreshold;
      connection.console.info(`Emotion Lens: loaded ${info.source} in ${info.loadMs.toFixed(0)} ms (${info.runtime})`);
      status({ state: 'ready', model: name });
    },
    (e: Error) => {
      if (key !== modelKey) return;
      modelError = e.message;
      status({ state: 'error', model: name, message: e.message });
      connection.console.error(`Emotion Lens: ${e.message}`);
      // say it once, not on every keystroke
      if (!shownModelErrors.has(e.message)) {
        shownModelErrors.add(e.message);
        tell('error', `Emotion Lens: ${e.message}. Nothing is analysed until emotionLens.model is fixed.`);
      }
      for (const uri of results.keys()) clear(uri);
    },
  );
  return ready;
}

function applies(doc: TextDocument, s: EmotionLensSettings): boolean {
  return s.enable && (s.languages.includes(doc.languageId) || (s.comments && (COMMENT_LANGUAGES as readonly string[]).includes(doc.languageId)));
}

function clear(uri: string): void {
  results.delete(uri);
  lastComplete.delete(uri);
  void connection.sendDiagnostics({ uri, diagnostics: [] });
}

async function validate(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  const stale = () => documents.get(uri)?.version !== version;
  const s = await settings.get(uri);
  const global = await settings.get();
  if (stale()) return;
  if (!applies(doc, s)) return clear(uri);
  try {
    await ensureModel(global);
  } catch {
    // ensureModel has logged it, sent the error status and told the user once
    return clear(uri);
  }
  if (stale()) return;
  // .emotion-lens.json: its `ignore` silences the whole document; its labels and threshold refine the settings
  const project = projects.forDocument(uri);
  if (project.ignoredBy) return clear(uri);
  const threshold = effectiveThreshold(s.threshold, project.config, modelThreshold);
  const labels = effectiveLabels(s.labels, project.config);
  const text = doc.getText();
  const prepared = prepareDirectives(text, doc.languageId); // inline directives, blanked for analysis
  // the previous version's results, moved past the edit, fill what this version has not reached yet
  const carried = carryOver(uri, text);
  const diagnosticOf = (r: SentenceResult): Diagnostic => ({
    range: r.range,
    severity: SEVERITY[s.severity],
    source: DIAGNOSTIC_SOURCE,
    code: r.label,
    message: `${r.label} (${Math.round(r.score * 100)}%)`,
    data: { label: r.label, scores: r.scores, neutral: r.neutral } satisfies DiagnosticData,
  });
  // with nothing carried over from an earlier version, a summary after the first sends only
  // the sentences it adds (DocumentSummaryParams.append); these are the ones sent so far
  const sent = carried.length ? undefined : new Set<string>();
  const publish = (sentences: SentenceResult[], progress?: number) => {
    const summary: DocumentSummaryParams = { uri, version, counts: countLabels(sentences), sentences, ...(progress !== undefined ? { progress } : {}) };
    results.set(uri, summary);
    void connection.sendDiagnostics({ uri, version, diagnostics: sentences.filter((r) => r.flagged).map(diagnosticOf) });
    if (!sent) return void connection.sendNotification(DocumentSummaryNotification, summary);
    const first = sent.size === 0;
    const added = sentences.filter((r) => {
      const key = `${r.range.start.line}:${r.range.start.character}`;
      return !sent.has(key) && Boolean(sent.add(key));
    });
    void connection.sendNotification(DocumentSummaryNotification, first ? summary : { ...summary, sentences: added, append: true });
  };
  const onPartial = (partial: PartialResults) => {
    if (stale()) return; // never an older version over a newer one
    const judged = judgeSentences(partial.sentences, text, prepared, project.config);
    publish(mergeCarried(judged, carried, partial.covered), Math.min(0.99, partial.progress));
  };
  let outcome;
  try {
    outcome = await analyzer.analyze(prepared.text, {
      languageId: doc.languageId,
      settings: { ...s, labels },
      threshold,
      cancelled: stale,
      // the model runs in its worker: three batches queued keep it busy while this thread segments
      // the next part, and a cancelled analysis leaves little queued work behind
      inFlight: 3,
      priority: () => (visible.get(uri) ?? []).map((r): [number, number] => [doc.offsetAt(r.start), doc.offsetAt(r.end)]),
      onPartial,
    });
  } catch (e) {
    if (e instanceof WorkerDiedError) return; // the restart revalidates every document
    throw e;
  }
  if (outcome.kind === 'cancelled' || stale()) return;
  if (outcome.kind === 'skipped') {
    if (!warnedTooLarge.has(uri)) {
      warnedTooLarge.add(uri);
      tell('warning', outcome.reason);
    }
    clear(uri);
    const summary: DocumentSummaryParams = { uri, version, counts: countLabels([]), sentences: [], skipped: outcome.reason };
    results.set(uri, summary);
    void connection.sendNotification(DocumentSummaryNotification, summary);
    return;
  }
  warnedTooLarge.delete(uri);
  // inline directives and ignoreSentences (`text` is of this version: stale() was checked after the last await)
  const sentences = judgeSentences(outcome.sentences, text, prepared, project.config);
  publish(sentences);
  lastComplete.set(uri, { text, sentences });
}

/**
 * Inline directives; a text without the keyword has none, and skips the search (for
 * Markdown a second parse of the whole document, on the way to the first colours).
 */
function prepareDirectives(text: string, languageId: string): ReturnType<typeof prepareText> {
  return text.includes('emotion-lens-') ? prepareText(text, languageId) : { ...prepareText('', languageId), text };
}

interface Carried { start: number; end: number; result: SentenceResult }

/**
 * The last complete results of a document, for the parts of the text this edit left
 * alone: those before the first changed character keep their place, those after the
 * last one move by the change in length (positions recomputed in the new text).
 */
function carryOver(uri: string, text: string): Carried[] {
  const last = lastComplete.get(uri);
  if (!last) return [];
  const old = last.text;
  let prefix = 0;
  const max = Math.min(old.length, text.length);
  while (prefix < max && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const oldStarts = lineStarts(old);
  const at = (p: { line: number; character: number }) => (oldStarts[p.line] ?? old.length) + p.character;
  const mapper = new PositionMapper(lineStarts(text));
  const delta = text.length - old.length;
  const out: Carried[] = [];
  for (const r of last.sentences) {
    const start = at(r.range.start);
    const end = at(r.range.end);
    // a sentence that touches the change may read differently now: the analysis decides
    const shift = end < prefix ? 0 : start > old.length - suffix ? delta : undefined;
    if (shift === undefined) continue;
    out.push({ start: start + shift, end: end + shift, result: { ...r, range: { start: mapper.positionAt(start + shift), end: mapper.positionAt(end + shift) } } });
  }
  return out;
}

/** This version's sentences so far, plus carried ones outside the ranges it has covered. */
function mergeCarried(fresh: SentenceResult[], carried: Carried[], covered: Array<[number, number]>): SentenceResult[] {
  if (!carried.length) return fresh;
  const outside = carried.filter((c) => !covered.some(([a, b]) => c.start < b && a < c.end)).map((c) => c.result);
  if (!outside.length) return fresh;
  const key = (r: SentenceResult) => r.range.start.line * 1e7 + r.range.start.character;
  return [...fresh, ...outside].sort((a, b) => key(a) - key(b));
}

const throttle = new KeyedThrottle(validate, 200, (uri, e) => reportFailure(uri, 'analysis', e));

function revalidateAll(): void {
  for (const doc of documents.all()) throttle.touch(doc.uri);
}

connection.onInitialize((params) => {
  canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
  projects.initialize(params);
  versionedEdits = Boolean(params.capabilities.workspace?.workspaceEdit?.documentChanges);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: projects.available ? QUICK_FIX_COMMANDS : [] },
    },
    serverInfo: { name: 'emotion-lens', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  void projects.watch();
  const s = await settings.get();
  throttle.delay = s.throttleMs;
  void ensureModel(s);
});

connection.onDidChangeConfiguration(async (change) => {
  settings.changed(change.settings);
  const s = await settings.get();
  throttle.delay = s.throttleMs;
  void ensureModel(s);
  revalidateAll();
});

// fires on open as well as on change (onDidOpen too would analyse every opened document twice)
documents.onDidChangeContent((e) => throttle.touch(e.document.uri));
documents.onDidClose((e) => {
  throttle.cancel(e.document.uri);
  visible.delete(e.document.uri);
  settings.forget(e.document.uri);
  warnedTooLarge.delete(e.document.uri);
  clear(e.document.uri);
});

/** The sentence at an offset: from the current results when they are of this version, else segmented afresh. */
function sentenceAt(doc: TextDocument, offset: number, s: EmotionLensSettings): { start: number; end: number; text: string } | undefined {
  const summary = results.get(doc.uri);
  if (summary?.version === doc.version && !summary.skipped) {
    const hit = summary.sentences.find((x) => doc.offsetAt(x.range.start) <= offset && offset <= doc.offsetAt(x.range.end));
    // the model judges the prose (inline code and URLs left out), not the sentence as written
    if (hit) return { start: doc.offsetAt(hit.range.start), end: doc.offsetAt(hit.range.end), text: hit.prose ?? hit.text };
    // complete results and no sentence here: there is none; partial ones may not have reached it yet
    if (summary.progress === undefined) return undefined;
  }
  const text = doc.getText();
  const comments = s.comments || s.languages.includes(doc.languageId);
  // hovers while a big document fills in: extract once per version, segment only the paragraph hovered
  if (proseMemo?.text !== text || proseMemo.languageId !== doc.languageId || proseMemo.comments !== comments) {
    proseMemo = { text, languageId: doc.languageId, comments, prose: extractProse(text, doc.languageId, comments) };
  }
  const prose = proseMemo.prose;
  const block = prose?.blocks.find(([a, b]) => a <= offset && offset <= b);
  const hit = prose && block && segmentSentences({ ...prose, blocks: [block] }).find((x) => x.start <= offset && offset <= x.end);
  return hit && { start: hit.start, end: hit.end, text: hit.prose };
}
let proseMemo: { text: string; languageId: string; comments: boolean; prose: ReturnType<typeof extractProse> } | undefined;

connection.onHover(async (params): Promise<Hover | null> => {
  checkRequest(params, 'textDocument', 'position');
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  // past the last line: no sentence there (offsetAt would clamp to the end)
  if (params.position.line >= doc.lineCount) return null;
  const version = doc.version;
  const s = await settings.get(doc.uri);
  if (documents.get(doc.uri)?.version !== version) return null;
  if (!applies(doc, s) || modelError) return null;
  const offset = doc.offsetAt(params.position);
  if (doc.getText().length > s.maxDocumentSize) return null;
  const sentence = sentenceAt(doc, offset, s);
  if (!sentence) {
    // prose left out as not English: the hover says why
    const why = s.englishOnly ? notJudgedReason(doc.getText(), doc.languageId, s.comments || s.languages.includes(doc.languageId), offset) : undefined;
    return why ? { contents: { kind: MarkupKind.Markdown, value: why } } : null;
  }
  try {
    const key = `${modelKey}\u0000${sentence.text}`; // a model switch mid-hover never caches the old model's answer
    let explained = explanations.get(key);
    if (!explained) explanations.set(key, (explained = await explainByOcclusion(sentence.text, (texts) => host.classify(texts, true))));
    const { result: c, words } = explained;
    if (documents.get(doc.uri)?.version !== version) return null; // the text moved on: the client asks again
    const project = projects.forDocument(doc.uri);
    const threshold = effectiveThreshold(s.threshold, project.config, modelThreshold);
    return {
      contents: { kind: MarkupKind.Markdown, value: hoverMarkdown({ ...c, flagged: isFlagged(c, threshold, effectiveLabels(s.labels, project.config)), threshold, words }) },
      range: { start: doc.positionAt(sentence.start), end: doc.positionAt(sentence.end) },
    };
  } catch (e) {
    if (e instanceof WorkerDiedError) return null; // the worker restarts; the client asks again on the next hover
    connection.console.error(`Emotion Lens: hover failed for ${doc.uri}: ${e instanceof Error && e.stack ? e.stack : errorText(e)}`);
    throw new ResponseError(LSPErrorCodes.RequestFailed, `Emotion Lens: hover failed: ${errorText(e)}`);
  }
});

connection.onCodeAction((params) => {
  checkRequest(params, 'textDocument', 'range');
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  return codeActions(doc, params, { summary: results.get(doc.uri), canWriteConfig: projects.available, versionedEdits });
});

connection.onExecuteCommand((params) => {
  checkRequest(params);
  if (params.command !== IGNORE_SENTENCE_COMMAND && params.command !== IGNORE_LABEL_COMMAND) return null;
  const sentence = params.command === IGNORE_SENTENCE_COMMAND;
  const arg = commandArgument(params.arguments, sentence ? 'text' : 'label');
  if (!arg) {
    connection.console.error(`Emotion Lens: ${params.command} needs [{ uri, ${sentence ? 'text' : 'label'} }]`);
    return null;
  }
  projects.update(arg.uri, sentence ? 'sentence' : 'label', arg.value);
  return null;
});

connection.onRequest(DocumentResultsRequest, (params) => {
  checkRequest(params, 'uri');
  return results.get(params.uri) ?? null;
});

connection.onNotification(VisibleRangesNotification, (params) => {
  const ok = params && typeof params.uri === 'string' && Array.isArray(params.ranges) &&
    params.ranges.every((r) => Number.isInteger(r?.start?.line) && Number.isInteger(r?.end?.line));
  if (!ok) return void connection.console.warn('Emotion Lens: ignored an emotion/visibleRanges notification with bad params');
  visible.set(params.uri, params.ranges.map((r) => ({ start: { line: r.start.line, character: r.start.character ?? 0 }, end: { line: r.end.line, character: r.end.character ?? 0 } })));
});

if (platform.testHooks) {
  connection.onRequest('emotion/test/crashWorker', () => host.crashWorker());
  connection.onRequest('emotion/test/failNextClassify', () => void (failNextClassify = true));
  connection.onRequest('emotion/test/stats', () => ({ cacheSize: analyzer.cache.size, workerRestarts: host.restarts, rss: process.memoryUsage().rss }));
}

connection.onShutdown(() => {
  shuttingDown = true;
  host.dispose();
});
documents.listen(connection);
connection.listen();
