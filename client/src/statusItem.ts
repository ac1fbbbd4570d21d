/** The active document's emotion mix in the status bar; its tooltip is the colour legend; a click opens the report. */
import * as vscode from 'vscode';
import { DocumentSummaryParams, EMOTIONS } from '../../server/src/protocol';

const ICON: Record<string, string> = { sadness: '😢', joy: '😊', love: '❤️', anger: '😠', fear: '😨', surprise: '😮' };

export function legend(): string {
  return EMOTIONS.map((e) => `${ICON[e]} ${e}`).join(' · ');
}

export class EmotionStatusItem implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('emotionLens.status', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Emotion Lens';
    this.item.command = 'emotionLens.showReport';
  }

  /** model: 'loading' | 'ready' | 'error' */
  update(summary: DocumentSummaryParams | undefined, model: { state: string; message?: string }, active: boolean): void {
    if (!active) {
      this.item.hide();
      return;
    }
    const tip = new vscode.MarkdownString(undefined, true);
    tip.isTrusted = false;
    if (model.state === 'loading') {
      this.item.text = '$(loading~spin) Emotion Lens';
      tip.appendMarkdown('Loading the emotion model…');
    } else if (model.state === 'error') {
      this.item.text = '$(error) Emotion Lens';
      tip.appendText(model.message ?? 'The model could not be loaded.');
    } else if (!summary) {
      this.item.text = '$(sync~spin) Emotion Lens';
      tip.appendMarkdown('Analysing…');
    } else if (summary.skipped) {
      this.item.text = '$(circle-slash) Emotion Lens';
      tip.appendText(summary.skipped);
    } else {
      const parts = EMOTIONS.filter((e) => summary.counts[e] > 0).map((e) => `${ICON[e]} ${summary.counts[e]}`);
      this.item.text = parts.length ? parts.join(' ') : '$(pass) neutral';
      tip.appendMarkdown(`**Emotion Lens**: ${summary.sentences.length} sentences, ${summary.counts.neutral} neutral\n\n`);
      for (const e of EMOTIONS) tip.appendMarkdown(`${ICON[e]} ${e}: ${summary.counts[e]}  \n`);
      tip.appendMarkdown('\nClick to open the tone report.');
    }
    this.item.tooltip = tip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
