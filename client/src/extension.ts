/**
 * Emotion Lens client: starts the bundled language server over IPC and renders
 * its results as decorations, a status item and a tone report.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import {
  ALL_LANGUAGES, CONFIG_SECTION, DocumentSummaryNotification, DocumentSummaryParams, ModelStatusNotification, ModelStatusParams, SentenceResult,
} from '../../common/protocol';
import { DecorationStyle, EmotionDecorations } from './decorations';
import { ReportPanel } from './report/reportPanel';
import { EmotionStatusItem } from './statusItem';

const TOGGLE_KEY = 'emotionLens.decorationsEnabled';

/** What activate() returns: used by the tests, and by anyone who wants the results. */
export interface EmotionLensApi {
  client: LanguageClient;
  /** Resolves when the client is running. */
  ready: Promise<void>;
  results(uri: vscode.Uri | string): DocumentSummaryParams | undefined;
  decorations(): { enabled: boolean; style: DecorationStyle; applied(uri: vscode.Uri | string): Record<string, vscode.Range[]> | undefined };
  statusText(): string | undefined;
  modelState(): ModelStatusParams | undefined;
  reportUri(): string | undefined;
}

export function activate(context: vscode.ExtensionContext): EmotionLensApi {
  const output = vscode.window.createOutputChannel('Emotion Lens');
  const results = new Map<string, DocumentSummaryParams>();
  let model: ModelStatusParams | undefined;
  const key = (uri: vscode.Uri | string) => (typeof uri === 'string' ? uri : uri.toString());
  const sentences = (uri: string): SentenceResult[] | undefined => results.get(uri)?.sentences;
  const config = () => vscode.workspace.getConfiguration(CONFIG_SECTION);

  const decorations = new EmotionDecorations(config().get<DecorationStyle>('decorationStyle', 'background'), context.globalState.get(TOGGLE_KEY, true), sentences);
  const status = new EmotionStatusItem(context.extension.packageJSON?.contributes?.colors ?? []);
  const report = new ReportPanel((uri) => results.get(uri));
  context.subscriptions.push(output, decorations, status, report);
  void vscode.commands.executeCommand('setContext', 'emotionLens.languages', ALL_LANGUAGES);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  // restart a crashed server, but not in a loop: 4 restarts in 3 minutes, then ask
  const crashes: number[] = [];
  const clientOptions: LanguageClientOptions = {
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
  const client = new LanguageClient('emotionLens', 'Emotion Lens', serverOptions, clientOptions);

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
        results.set(s.uri, s);
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
      if (client.isRunning()) await client.restart();
      else await client.start();
    }),
    vscode.commands.registerCommand('emotionLens.showOutput', () => output.show()),
    vscode.window.onDidChangeVisibleTextEditors(() => decorations.refreshVisible()),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.window.onDidChangeActiveColorTheme(() => decorations.rebuild()),
    vscode.workspace.onDidCloseTextDocument((d) => results.delete(d.uri.toString())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${CONFIG_SECTION}.decorationStyle`)) decorations.setStyle(config().get<DecorationStyle>('decorationStyle', 'background'));
    }),
  );
  updateStatus();

  return {
    client,
    ready,
    results: (uri) => results.get(key(uri)),
    decorations: () => ({ ...decorations.state, applied: (uri) => decorations.applied.get(key(uri)) }),
    statusText: () => (status.item ? status.item.text : undefined),
    modelState: () => model,
    reportUri: () => report.documentUri,
  };
}

export function deactivate(): Thenable<void> | undefined {
  return undefined;
}
