/**
 * The tone report: a webview that plots the document's emotion sentence by
 * sentence as stacked bars in the theme's emotion colours. Clicking a bar reveals
 * that sentence. Offline: no CDN, a strict CSP with a nonce; data by postMessage.
 */
import * as vscode from 'vscode';
import { DocumentSummaryParams } from '../../../common/protocol';
import { reportHtml } from './reportHtml';

/** Web Crypto: the same call in Node 20 and in a browser's web worker. */
function makeNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

export class ReportPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private uri?: string;

  constructor(private readonly results: (uri: string) => DocumentSummaryParams | undefined) {}

  get documentUri(): string | undefined {
    return this.panel ? this.uri : undefined;
  }

  show(document: vscode.TextDocument): void {
    this.uri = document.uri.toString();
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('emotionLens.report', 'Tone Report', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [],
        retainContextWhenHidden: false,
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m) => this.onMessage(m));
      const nonce = makeNonce();
      this.panel.webview.html = reportHtml(nonce, this.panel.webview.cspSource);
    }
    this.panel.title = `Tone: ${document.uri.path.split('/').pop() || 'document'}`;
    this.panel.reveal(undefined, true);
    this.post();
  }

  /** Called when results of a document arrive. */
  update(uri: string): void {
    if (this.panel && uri === this.uri) this.post();
  }

  private post(): void {
    if (!this.panel || !this.uri) return;
    const s = this.results(this.uri);
    void this.panel.webview.postMessage({ type: 'data', name: this.panel.title, summary: s ?? null });
  }

  private async onMessage(m: { type: string; index?: number }): Promise<void> {
    if (m.type === 'ready') return this.post();
    if (m.type !== 'reveal' || !this.uri || m.index === undefined) return;
    const s = this.results(this.uri)?.sentences[m.index];
    if (!s) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.uri));
    const range = new vscode.Range(s.range.start.line, s.range.start.character, s.range.end.line, s.range.end.character);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
