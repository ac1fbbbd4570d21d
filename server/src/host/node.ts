/**
 * The Node host of the language server: stdio/IPC connection, the model in a
 * worker thread (modelHost.ts). The browser build swaps this module for
 * ./browser.ts (esbuild.mjs), so server.ts has one source for both.
 */
import * as os from 'os';
import * as path from 'path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ModelHost } from '../modelHost';
import type { ServerHost } from './types';

export const host: ServerHost = {
  createConnection: () => createConnection(ProposedFeatures.all),
  createModelRunner: (onRestart) => new ModelHost(onRestart),
  modelCacheDir: () => path.join(os.homedir(), '.cache', 'emotion-lens'),
  testHooks: process.env.EMOTION_LENS_TEST === '1',
};
