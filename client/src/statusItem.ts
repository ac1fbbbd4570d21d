/** The active document's emotion mix in the status bar; its tooltip is the colour legend; a click opens the report. */
import * as vscode from 'vscode';
import { DocumentSummaryParams, EMOTIONS } from '../../common/protocol';

const ICON: Record<string, string> = { sadness: '😢', joy: '😊', love: '❤️', anger: '😠', fear: '😨', surprise: '😮' };

interface ColorContribution {
  id: string;
  defaults: Record<string, string | null>;
}

/** The default colour of each emotion for the current theme kind, read from package.json (the one place they are defined). */
export function legendColors(colors: ColorContribution[], kind: vscode.ColorThemeKind): Record<string, string> {
  const key = { [vscode.ColorThemeKind.Light]: 'light', [vscode.ColorThemeKind.Dark]: 'dark', [vscode.ColorThemeKind.HighContrast]: 'highContrast', [vscode.ColorThemeKind.HighContrastLight]: 'highContrastLight' }[kind] ?? 'dark';
  const out: Record<string, string> = {};
  for (const e of EMOTIONS) out[e] = colors.find((c) => c.id === `emotionLens.${e}`)?.defaults[key] ?? '#888888';
  return out;
}

export class EmotionStatusItem implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('emotionLens.status', vscode.StatusBarAlignment.Right, 100);

  constructor(private readonly colors: ColorContribution[] = []) {
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
    tip.supportHtml = true;
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
      // while a big document fills in (visible part first): the share done, and the counts so far
      const filling = summary.progress !== undefined ? `$(sync~spin) ${Math.round(summary.progress * 100)}% ` : '';
      this.item.text = filling + (parts.length ? parts.join(' ') : '$(pass) neutral');
      if (filling) tip.appendMarkdown(`Analysing: ${Math.round((summary.progress ?? 0) * 100)}% of the document so far.\n\n`);
      tip.appendMarkdown(`**Emotion Lens**: ${summary.sentences.length} sentences, ${summary.counts.neutral} neutral\n\n`);
      // the legend: each emotion's colour (the theme's default) with the count
      const colors = legendColors(this.colors, vscode.window.activeColorTheme.kind);
      for (const e of EMOTIONS) tip.appendMarkdown(`<span style="color:${colors[e]};">■</span> ${ICON[e]} ${e}: ${summary.counts[e]}  \n`);
      tip.appendMarkdown('\nClick to open the tone report.');
    }
    this.item.tooltip = tip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
