/** Settings per resource through workspace/configuration, cached until they change. */
import type { Connection } from 'vscode-languageserver/node';
import { CONFIG_SECTION, DEFAULT_SETTINGS, EMOTIONS, Emotion, EmotionLensSettings, Severity } from '../../common/protocol';

const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];

/** Whatever the client sends (or nothing) becomes a complete, valid settings object. */
export function sanitizeSettings(raw: unknown): EmotionLensSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const s: EmotionLensSettings = { ...DEFAULT_SETTINGS };
  if (typeof r.enable === 'boolean') s.enable = r.enable;
  if (Array.isArray(r.languages)) s.languages = r.languages.filter((l): l is string => typeof l === 'string');
  if (r.threshold === null || (typeof r.threshold === 'number' && r.threshold >= 0 && r.threshold <= 1)) s.threshold = r.threshold as number | null;
  if (Array.isArray(r.labels)) s.labels = r.labels.filter((l): l is Emotion => (EMOTIONS as readonly unknown[]).includes(l));
  if (typeof r.severity === 'string' && SEVERITIES.includes(r.severity as Severity)) s.severity = r.severity as Severity;
  if (typeof r.maxDocumentSize === 'number' && r.maxDocumentSize > 0) s.maxDocumentSize = r.maxDocumentSize;
  if (typeof r.comments === 'boolean') s.comments = r.comments;
  if (typeof r.englishOnly === 'boolean') s.englishOnly = r.englishOnly;
  if (typeof r.model === 'string') s.model = r.model;
  if (typeof r.allowRemoteModels === 'boolean') s.allowRemoteModels = r.allowRemoteModels;
  if (typeof r.throttleMs === 'number' && r.throttleMs >= 0) s.throttleMs = r.throttleMs;
  return s;
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<EmotionLensSettings>>();
  /** Settings of clients that cannot answer workspace/configuration (didChangeConfiguration pushes them). */
  private pushed: EmotionLensSettings = DEFAULT_SETTINGS;

  constructor(private readonly connection: Connection, private readonly pull: () => boolean) {}

  get(uri?: string): Promise<EmotionLensSettings> {
    if (!this.pull()) return Promise.resolve(this.pushed);
    const key = uri ?? '';
    let s = this.cache.get(key);
    if (!s) {
      s = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: CONFIG_SECTION })
        .then(sanitizeSettings, () => DEFAULT_SETTINGS);
      this.cache.set(key, s);
    }
    return s;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  changed(pushed: unknown): void {
    this.cache.clear();
    const section = (pushed as Record<string, unknown> | undefined)?.[CONFIG_SECTION];
    if (section) this.pushed = sanitizeSettings(section);
  }
}
