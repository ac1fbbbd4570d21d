/**
 * Sentence results -> editor decorations: one decoration type per emotion, in
 * colours contributed by package.json (themes and users can override them),
 * background or underline, with overview-ruler marks. Only visible editors are
 * redrawn; types are rebuilt when the style or the theme changes.
 */
import * as vscode from 'vscode';
import { EMOTIONS, Emotion, SentenceResult } from '../../common/protocol';

export type DecorationStyle = 'background' | 'underline' | 'off';

export class EmotionDecorations implements vscode.Disposable {
  private types = new Map<Emotion, vscode.TextEditorDecorationType>();
  /** uri -> ranges per emotion as last applied (for tests and the API) */
  readonly applied = new Map<string, Record<Emotion, vscode.Range[]>>();

  constructor(private style: DecorationStyle, private enabled: boolean, private readonly results: (uri: string) => SentenceResult[] | undefined) {
    this.createTypes();
  }

  get state(): { enabled: boolean; style: DecorationStyle } {
    return { enabled: this.enabled, style: this.style };
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    this.refreshVisible();
  }

  setStyle(style: DecorationStyle): void {
    this.style = style;
    this.rebuild();
  }

  /** Theme changes: decoration types resolve ThemeColors once, so make them anew. */
  rebuild(): void {
    this.disposeTypes();
    this.createTypes();
    this.refreshVisible();
  }

  refreshVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) this.refresh(editor);
  }

  refreshUri(uri: string): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri) this.refresh(editor);
  }

  refresh(editor: vscode.TextEditor): void {
    const uri = editor.document.uri.toString();
    const byEmotion = Object.fromEntries(EMOTIONS.map((e) => [e, [] as vscode.Range[]])) as Record<Emotion, vscode.Range[]>;
    if (this.enabled && this.style !== 'off') {
      for (const s of this.results(uri) ?? []) {
        if (s.flagged) byEmotion[s.label].push(new vscode.Range(s.range.start.line, s.range.start.character, s.range.end.line, s.range.end.character));
      }
    }
    for (const e of EMOTIONS) editor.setDecorations(this.types.get(e)!, byEmotion[e]);
    this.applied.set(uri, byEmotion);
  }

  private createTypes(): void {
    for (const e of EMOTIONS) {
      const color = new vscode.ThemeColor(`emotionLens.${e}`);
      const options: vscode.DecorationRenderOptions = {
        overviewRulerColor: color,
        overviewRulerLane: vscode.OverviewRulerLane.Right,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      };
      if (this.style === 'background') {
        options.backgroundColor = new vscode.ThemeColor(`emotionLens.${e}Background`);
        options.borderRadius = '3px';
      } else if (this.style === 'underline') {
        options.textDecoration = 'underline wavy';
        options.borderColor = color;
        options.borderStyle = 'none none solid none';
        options.borderWidth = '0 0 2px 0';
      }
      this.types.set(e, vscode.window.createTextEditorDecorationType(options));
    }
  }

  private disposeTypes(): void {
    for (const t of this.types.values()) t.dispose();
    this.types.clear();
  }

  dispose(): void {
    this.disposeTypes();
  }
}
