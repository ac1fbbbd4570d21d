/**
 * Emotion Lens language server: LSP wiring only. Runs under the VS Code client
 * (IPC) or any LSP editor: `node dist/server.js --stdio`.
 */
import * as os from 'os';
import * as path from 'path';
import {
  createConnection, Diagnostic, DiagnosticSeverity, Hover, MarkupKind, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer, countLabels, explainByOcclusion } from './analysis/analyzer';
import { extractProse } from './analysis/extract';
import { segmentSentences } from './analysis/segment';
import { isFlagged } from './classifier/flagRule';
import { hoverMarkdown } from './hover';
import { ModelHost, WorkerDiedError } from './modelHost';
import {
  COMMENT_LANGUAGES, DIAGNOSTIC_SOURCE, DiagnosticData, DocumentResultsRequest, DocumentSummaryNotification,
  DocumentSummaryParams, EmotionLensSettings, FALLBACK_THRESHOLD, ModelStatusNotification, ModelStatusParams, Severity,
} from '../../common/protocol';
import { SettingsCache } from './settings';
import { KeyedThrottle } from './throttle';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let canPullConfiguration = false;
const settings = new SettingsCache(connection, () => canPullConfiguration);
const host = new ModelHost((reason) => {
  connection.console.warn(`Emotion Lens: ${reason}; analysis resumes.`);
  revalidateAll();
});
const analyzer = new Analyzer((texts) => host.classify(texts));
const results = new Map<string, DocumentSummaryParams>();
const warnedTooLarge = new Set<string>();
const shownModelErrors = new Set<string>();
let modelKey: string | undefined;
let modelThreshold = FALLBACK_THRESHOLD;
let modelError: string | undefined;

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
  const name = s.model || 'bundled model';
  status({ state: 'loading', model: name });
  const ready = host.load({ model: s.model, allowRemoteModels: s.allowRemoteModels, cacheDir: path.join(os.homedir(), '.cache', 'emotion-lens') });
  ready.then(
    (info) => {
      modelError = undefined;
      modelThreshold = info.defaultThreshold;
      connection.console.info(`Emotion Lens: loaded ${info.source} in ${info.loadMs.toFixed(0)} ms`);
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
        void connection.window.showErrorMessage(`Emotion Lens: ${e.message}. Nothing is analysed until emotionLens.model is fixed.`);
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
    return clear(uri);
  }
  if (stale()) return;
  const threshold = s.threshold ?? modelThreshold;
  let outcome;
  try {
    outcome = await analyzer.analyze(doc.getText(), { languageId: doc.languageId, settings: s, threshold, cancelled: stale });
  } catch (e) {
    if (e instanceof WorkerDiedError) return; // the restart revalidates every document
    throw e;
  }
  if (outcome.kind === 'cancelled' || stale()) return;
  if (outcome.kind === 'skipped') {
    if (!warnedTooLarge.has(uri)) {
      warnedTooLarge.add(uri);
      void connection.window.showWarningMessage(outcome.reason);
    }
    clear(uri);
    const summary: DocumentSummaryParams = { uri, version, counts: countLabels([]), sentences: [], skipped: outcome.reason };
    results.set(uri, summary);
    void connection.sendNotification(DocumentSummaryNotification, summary);
    return;
  }
  warnedTooLarge.delete(uri);
  const diagnostics: Diagnostic[] = outcome.sentences
    .filter((r) => r.flagged)
    .map((r) => ({
      range: r.range,
      severity: SEVERITY[s.severity],
      source: DIAGNOSTIC_SOURCE,
      code: r.label,
      message: `${r.label} (${Math.round(r.score * 100)}%)`,
      data: { label: r.label, scores: r.scores } satisfies DiagnosticData,
    }));
  const summary: DocumentSummaryParams = { uri, version, counts: countLabels(outcome.sentences), sentences: outcome.sentences };
  results.set(uri, summary);
  void connection.sendDiagnostics({ uri, version, diagnostics });
  void connection.sendNotification(DocumentSummaryNotification, summary);
}

const throttle = new KeyedThrottle(validate, 200);

function revalidateAll(): void {
  for (const doc of documents.all()) throttle.touch(doc.uri);
}

connection.onInitialize((params) => {
  canPullConfiguration = Boolean(params.capabilities.workspace?.configuration);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
    },
    serverInfo: { name: 'emotion-lens', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
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

documents.onDidOpen((e) => throttle.touch(e.document.uri));
documents.onDidChangeContent((e) => throttle.touch(e.document.uri));
documents.onDidClose((e) => {
  throttle.cancel(e.document.uri);
  settings.forget(e.document.uri);
  warnedTooLarge.delete(e.document.uri);
  clear(e.document.uri);
});

/** The sentence at an offset: from the current results when they are of this version, else segmented afresh. */
function sentenceAt(doc: TextDocument, offset: number, s: EmotionLensSettings): { start: number; end: number; text: string } | undefined {
  const summary = results.get(doc.uri);
  if (summary?.version === doc.version && !summary.skipped) {
    const hit = summary.sentences.find((x) => doc.offsetAt(x.range.start) <= offset && offset <= doc.offsetAt(x.range.end));
    return hit && { start: doc.offsetAt(hit.range.start), end: doc.offsetAt(hit.range.end), text: hit.text };
  }
  const prose = extractProse(doc.getText(), doc.languageId, s.comments);
  return prose && segmentSentences(prose).find((x) => x.start <= offset && offset <= x.end);
}

connection.onHover(async (params): Promise<Hover | null> => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const s = await settings.get(doc.uri);
  if (!applies(doc, s) || modelError) return null;
  const version = doc.version;
  const offset = doc.offsetAt(params.position);
  if (doc.getText().length > s.maxDocumentSize) return null;
  const sentence = sentenceAt(doc, offset, s);
  if (!sentence) return null;
  try {
    const { result: c, words } = await explainByOcclusion(sentence.text, (texts) => host.classify(texts, true));
    if (documents.get(doc.uri)?.version !== version) return null; // the text moved on: the client asks again
    const threshold = s.threshold ?? modelThreshold;
    return {
      contents: { kind: MarkupKind.Markdown, value: hoverMarkdown({ ...c, flagged: isFlagged(c, threshold, s.labels), threshold, words }) },
      range: { start: doc.positionAt(sentence.start), end: doc.positionAt(sentence.end) },
    };
  } catch {
    return null;
  }
});

connection.onRequest(DocumentResultsRequest, (params) => results.get(params.uri) ?? null);

if (process.env.EMOTION_LENS_TEST === '1') {
  connection.onRequest('emotion/test/crashWorker', () => host.crashWorker());
  connection.onRequest('emotion/test/stats', () => ({ cacheSize: analyzer.cache.size, workerRestarts: host.restarts, rss: process.memoryUsage().rss }));
}

connection.onShutdown(() => host.dispose());
documents.listen(connection);
connection.listen();
