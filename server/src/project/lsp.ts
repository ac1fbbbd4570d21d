/**
 * The language server's side of the project config: which .emotion-lens.json applies
 * to a document, noticing it change on disk (workspace/didChangeWatchedFiles when the
 * client can watch, and a stat check on every analysis when it cannot), and the
 * quick fixes' writes to it. The server writes the file itself (not through
 * workspace/applyEdit) so that the fix is saved and takes effect in every LSP editor,
 * whether or not the file is open there.
 *
 * Only where there is a file system (the Node host, file: documents): in the browser
 * host fs is a stub, and only inline directives apply.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import type { Connection, InitializeParams } from 'vscode-languageserver';
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver';
import type { Emotion } from '../../../common/protocol';
import { addIgnoredSentence, CONFIG_FILE, ConfigCache, findConfigFile, isIgnoredByConfig, ProjectConfig, removeLabel } from './config';

const HAS_FS = typeof fs.statSync === 'function';

export interface DocumentProject {
  config?: ProjectConfig;
  /** The config file whose `ignore` matches the document. */
  ignoredBy?: string;
}

export class ServerProjects {
  private roots: string[] = [];
  private canWatch = false;
  private readonly cache = new ConfigCache();
  /** Config errors already shown (once each until the file changes). */
  private readonly shown = new Set<string>();

  constructor(private readonly connection: Connection, private readonly onChange: () => void) {}

  get available(): boolean {
    return HAS_FS;
  }

  initialize(params: InitializeParams): void {
    if (!HAS_FS) return;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.roots = folders.map(filePath).filter((p): p is string => Boolean(p));
    this.canWatch = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
  }

  /** After `initialized`: ask the client to report changes of any .emotion-lens.json. */
  async watch(): Promise<void> {
    if (!HAS_FS) return;
    this.connection.onNotification(DidChangeWatchedFilesNotification.type, (params) => {
      if (!params.changes.some((c) => c.uri.endsWith('/' + CONFIG_FILE))) return;
      this.changed();
    });
    if (!this.canWatch) return;
    try {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE}` }] });
    } catch (e) {
      // without a watcher, a change is still seen at the next analysis (stat check)
      this.connection.console.warn(`Emotion Lens: could not watch ${CONFIG_FILE} files (${(e as Error).message})`);
    }
  }

  changed(): void {
    this.cache.clear();
    this.shown.clear();
    this.onChange();
  }

  /** The config in force for a document; a broken one is shown once and treated as absent. */
  forDocument(uri: string): DocumentProject {
    if (!HAS_FS) return {};
    const file = filePath(uri);
    const dir = file ? path.dirname(file) : this.roots[0];
    if (!dir) return {};
    const { config, error } = this.cache.lookup(dir, this.roots);
    if (error) {
      if (!this.shown.has(error.message)) {
        this.shown.add(error.message);
        this.connection.console.error(`Emotion Lens: ${error.message}`);
        this.show('warning', `Emotion Lens: ${error.message}. It is not used until it is fixed.`);
      }
      return {};
    }
    return { config, ignoredBy: config && file && isIgnoredByConfig(config, file) ? config.file : undefined };
  }

  /** Where a quick fix writes: the config in force for the document, else a new one at its workspace root. */
  targetFor(uri: string): string | undefined {
    if (!HAS_FS) return undefined;
    const file = filePath(uri);
    const dir = file ? path.dirname(file) : this.roots[0];
    if (!dir) return undefined;
    const existing = findConfigFile(dir, this.roots);
    if (existing) return existing;
    const root = (file && this.roots.filter((r) => isInside(file, r)).sort((a, b) => b.length - a.length)[0]) ?? repoRootOf(dir) ?? this.roots[0] ?? dir;
    return path.join(root, CONFIG_FILE);
  }

  /**
   * A message to the user. It is a request (window/showMessageRequest), and a client
   * that cannot answer it must not take the server down: the failure goes to the log.
   */
  private show(kind: 'warning' | 'error', message: string): void {
    const w = this.connection.window;
    // typed `void` without actions, yet it returns the request's promise
    const shown = (kind === 'warning' ? w.showWarningMessage(message) : w.showErrorMessage(message)) as unknown as Promise<unknown> | undefined;
    shown?.then(undefined, (e: Error) => this.connection.console.error(`${message} (not shown: ${e.message})`));
  }

  /** Runs a config update for a document's quick fix; says what happened, or why it could not. */
  update(uri: string, what: 'sentence' | 'label', value: string): void {
    const target = this.targetFor(uri);
    if (!target) {
      this.show('warning', 'Emotion Lens: this document has no folder on disk for an .emotion-lens.json.');
      return;
    }
    try {
      const changed = what === 'sentence' ? addIgnoredSentence(target, value) : removeLabel(target, value as Emotion);
      this.connection.console.info(`Emotion Lens: ${changed ? 'updated' : 'already had it:'} ${target}`);
    } catch (e) {
      this.show('error', `Emotion Lens: could not update ${target}: ${(e as Error).message}`);
      return;
    }
    this.changed();
  }
}

function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return Boolean(rel) && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function repoRootOf(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}
