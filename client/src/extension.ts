/**
 * Emotion Lens in VS Code's Node extension host (desktop, remote, code-server):
 * the language server is dist/server.js in a Node process, over IPC.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { activateClient, EmotionLensApi } from './activate';

export type { EmotionLensApi } from './activate';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): EmotionLensApi {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const started = activateClient(context, (clientOptions) => (client = new LanguageClient('emotionLens', 'Emotion Lens', serverOptions, clientOptions)));
  return started.api;
}

/** Stops the language server (and with it the model worker). */
export function deactivate(): Thenable<void> | undefined {
  const c = client;
  client = undefined;
  return c?.isRunning() ? c.stop() : undefined;
}
