/**
 * The Emotion Lens client, shared by both hosts: starts the language server (the
 * host's entry says how: extension.ts in Node, browser.ts in a web worker) and
 * renders its results as decorations, a status item and a tone report.
 */
import * as vscode from 'vscode';
import { BaseLanguageClient, CloseAction, ErrorAction, LanguageClientOptions, State } from 'vscode-languageclient';
import {
  ALL_LANGUAGES, appendSummary, CONFIG_SECTION, DocumentResultsRequest, DocumentSummaryNotification, DocumentSummaryParams, ModelStatusNotification, ModelStatusParams, SentenceResult,
  VisibleRangesNotification,
} from '../../common/protocol';
import { DecorationStyle, EmotionDecorations } from './decorations';
import { ReportPanel } from './report/reportPanel';
import { EmotionStatusItem } from './statusItem';

const TOGGLE_KEY = 'emotionLens.decorationsEnabled';

/**
 * What `activate()` returns (`vscode.extensions.getExtension('emotion-lens.emotion-lens').activate()`),
 * the same in every host.
 */
export interface EmotionLensApi {
  /** Resolves when the language server runs; rejects when it could not start. */
  readonly ready: Promise<void>;
  /**
   * The latest analysis of an open document (the server's `emotion/documentResults`
   * request): its version, every sentence with its label and scores, the counts; null
   * until the document has been analysed.
   */
  documentResults(uri: vscode.Uri): Promise<DocumentSummaryParams | null>;
}

/** Makes the host's language client from the shared options (which carry the output channel). */
export type ClientFactory = (clientOptions: LanguageClientOptions & { outputChannel: vscode.OutputChannel }) => BaseLanguageClient;

export function activateClient(context: vscode.ExtensionContext, createClient: ClientFactory): { api: EmotionLensApi; client: BaseLanguageClient; output: vscode.OutputChannel } {
  const output = vscode.window.createOutputChannel('Emotion Lens');
  const results = new Map<string, DocumentSummaryParams>();
  let model: ModelStatusParams | undefined;
  const sentences = (uri: string): SentenceResult[] | undefined => results.get(uri)?.sentences;
  const config = () => vscode.workspace.getConfiguration(CONFIG_SECTION);

  const decorations = new EmotionDecorations(config().get<DecorationStyle>('decorationStyle', 'background'), context.globalState.get(TOGGLE_KEY, true), sentences);
  const status = new EmotionStatusItem(context.extension.packageJSON?.contributes?.colors ?? []);
  const report = new ReportPanel((uri) => results.get(uri));
  context.subscriptions.push(output, decorations, status, report);
  void vscode.commands.executeCommand('setContext', 'emotionLens.languages', ALL_LANGUAGES);

  // restart a crashed server, but not in a loop: 4 restarts in 3 minutes, then ask
  const crashes: number[] = [];
  const clientOptions: LanguageClientOptions & { outputChannel: vscode.OutputChannel } = {
    errorHandler: {
      error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: () => {
        const now = Date.now();
        crashes.push(now);
        while (crashes.length && now - crashes[0] > 180_000) crashes.shift();
        if (crashes.length <= 4) {
          output.appendLine('The Emotion Lens server stopped; restarting it.');
          return { action: CloseAction.Restart, handled: true };
        }
        void vscode.window.showErrorMessage('The Emotion Lens server stopped 5 times in 3 minutes and was not restarted.', 'Show Output', 'Restart').then((pick) => {
          if (pick === 'Show Output') output.show();
          if (pick === 'Restart') void vscode.commands.executeCommand('emotionLens.restartServer');
        });
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
    documentSelector: ALL_LANGUAGES.map((language) => ({ language })),
    synchronize: { configurationSection: CONFIG_SECTION },
    outputChannel: output,
    middleware: {
      workspace: {
        // untrusted workspaces never choose the model nor allow downloads
        configuration: async (params, token, next) => {
          const values = await next(params, token);
          if (vscode.workspace.isTrusted || !Array.isArray(values)) return values;
          return values.map((v) => (v && typeof v === 'object' ? { ...v, model: '', allowRemoteModels: false } : v));
        },
      },
    },
    initializationFailedHandler: (error) => {
      void vscode.window.showErrorMessage(`Emotion Lens could not start its language server: ${error instanceof Error ? error.message : String(error)}`, 'Show Output', 'Restart').then((pick) => {
        if (pick === 'Show Output') output.show();
        if (pick === 'Restart') void vscode.commands.executeCommand('emotionLens.restartServer');
      });
      return false;
    },
  };
  const client = createClient(clientOptions);

  const updateStatus = () => {
    const editor = vscode.window.activeTextEditor;
    const active = Boolean(editor && ALL_LANGUAGES.includes(editor.document.languageId));
    status.update(editor ? results.get(editor.document.uri.toString()) : undefined, model ?? { state: 'loading' }, active);
  };

  let progressDone: (() => void) | undefined;
  const showLoading = (name: string) => {
    if (progressDone) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Emotion Lens: loading ${name}` }, () => new Promise<void>((resolve) => (progressDone = resolve)));
  };

  client.onDidChangeState((e) => {
    if (e.newState === State.Stopped) {
      results.clear();
      decorations.refreshVisible();
      progressDone?.();
      progressDone = undefined;
    }
  });

  const ready = client.start().then(() => {
    context.subscriptions.push(
      client.onNotification(DocumentSummaryNotification, (s) => {
        results.set(s.uri, appendSummary(results.get(s.uri), s));
        decorations.refreshUri(s.uri);
        report.update(s.uri);
        updateStatus();
      }),
      client.onNotification(ModelStatusNotification, (m) => {
        model = m;
        if (m.state === 'loading') showLoading(m.model);
        else {
          progressDone?.();
          progressDone = undefined;
        }
        updateStatus();
      }),
    );
  });
  ready.catch((e) => output.appendLine(`start failed: ${e}`));

  // emotion/visibleRanges: the server classifies and colours what the writer sees first
  const visibleTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const sendVisible = (editor: vscode.TextEditor) => {
    const uri = editor.document.uri.toString();
    if (!ALL_LANGUAGES.includes(editor.document.languageId)) return;
    clearTimeout(visibleTimers.get(uri));
    // scrolling fires many events: the last position within 50 ms is what counts
    visibleTimers.set(uri, setTimeout(() => {
      visibleTimers.delete(uri);
      if (!client.isRunning()) return;
      const ranges = editor.visibleRanges.map((r) => ({ start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } }));
      client.sendNotification(VisibleRangesNotification, { uri, ranges }).catch((e: unknown) => output.appendLine(`emotion/visibleRanges not sent: ${e}`));
    }, 50));
  };
  void ready.then(() => vscode.window.visibleTextEditors.forEach(sendVisible), () => undefined);

  context.subscriptions.push(
    client,
    vscode.commands.registerCommand('emotionLens.toggleDecorations', async () => {
      const enabled = !decorations.state.enabled;
      await context.globalState.update(TOGGLE_KEY, enabled);
      decorations.setEnabled(enabled);
      vscode.window.setStatusBarMessage(`Emotion Lens colours ${enabled ? 'on' : 'off'}`, 2000);
    }),
    vscode.commands.registerCommand('emotionLens.showReport', () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return void vscode.window.showInformationMessage('Emotion Lens: open a document to see its tone report.');
      report.show(editor.document);
    }),
    vscode.commands.registerCommand('emotionLens.restartServer', async () => {
      output.appendLine('restarting the language server');
      model = undefined;
      crashes.length = 0;
      // stop + start (the browser client has no restart()); its worker is replaced too
      if (client.isRunning()) await client.stop();
      await client.start();
    }),
    vscode.commands.registerCommand('emotionLens.showOutput', () => output.show()),
    vscode.window.onDidChangeVisibleTextEditors((editors) => {
      decorations.refreshVisible();
      editors.forEach(sendVisible);
    }),
    vscode.window.onDidChangeTextEditorVisibleRanges((e) => sendVisible(e.textEditor)),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.window.onDidChangeActiveColorTheme(() => decorations.rebuild()),
    vscode.workspace.onDidCloseTextDocument((d) => results.delete(d.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${CONFIG_SECTION}.decorationStyle`)) decorations.setStyle(config().get<DecorationStyle>('decorationStyle', 'background'));
    }),
  );
  updateStatus();

  const api: EmotionLensApi = {
    ready,
    documentResults: async (uri) => {
      await ready;
      return client.sendRequest(DocumentResultsRequest, { uri: uri.toString() });
    },
  };
  return { api, client, output };
}
