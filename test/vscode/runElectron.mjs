// The same mocha suite through @vscode/test-electron, for machines that can
// download VS Code (here and in CI, test/vscode/runCodeServer.mjs runs it instead).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'el-electron-'));
fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
try {
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'test', 'vscode', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`VS Code tests failed: ${e}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
