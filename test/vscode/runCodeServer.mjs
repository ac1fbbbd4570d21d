// Runs the VS Code suite (test/vscode/suite) inside code-server (VS Code 1.100 in a
// Node extension host), driven by Debian's headless Chromium:
//   1. the whole suite against the development folder;
//   2. `npm run package`, the .vsix installed into a clean extensions folder, the
//      smoke test against the installed copy, and a screenshot of an editor with
//      coloured sentences and an open hover (docs/screenshot.png with
//      EMOTION_LENS_UPDATE_SCREENSHOT=1, else in the temporary folder).
// Usage: node test/vscode/runCodeServer.mjs [--dev-only] [--vsix-only]
// (npm test runs both through test/vscode/codeServer.test.mjs.)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const INSTALLER = path.resolve(ROOT, '..', 'shared', 'tools', 'install-code-server.sh');
const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR || path.join(os.homedir(), '.cache', 'code-server-host');
const SUITE = path.join(ROOT, 'test', 'vscode', 'suite', 'index.js');
const args = new Set(process.argv.slice(2));
// the README's picture is refreshed on request only, so a test run leaves the tree clean
const SCREENSHOT = process.env.EMOTION_LENS_UPDATE_SCREENSHOT ? path.join(ROOT, 'docs', 'screenshot.png') : path.join(os.tmpdir(), 'emotion-lens-screenshot.png');

function codeServerBin() {
  const bin = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
  if (fs.existsSync(bin)) return bin;
  if (!fs.existsSync(INSTALLER)) throw new Error(`code-server not found at ${bin}; install it with ../shared/tools/install-code-server.sh ${CODE_SERVER_DIR}`);
  console.log(`installing code-server into ${CODE_SERVER_DIR} (a few minutes, once)`);
  return execFileSync('bash', [INSTALLER, CODE_SERVER_DIR], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop();
}

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

const get = (url) => new Promise((resolve) => {
  http.get(url, (res) => {
    res.resume();
    resolve(res.statusCode);
  }).on('error', () => resolve(0));
});

async function waitFor(fn, what, timeoutMs) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One code-server + Chromium session running the suite; returns {passed, failed}. */
async function runSuite({ name, extensionDir, extensionsDir, grep, screenshot }) {
  const bin = codeServerBin();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `el-vscode-${name}-`));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const userData = path.join(tmp, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false, 'telemetry.telemetryLevel': 'off', 'workbench.tips.enabled': false,
    'editor.hover.delay': 100, 'editor.hover.above': false, 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false,
  }));
  const resultFile = path.join(tmp, 'result.json');
  const readyFile = path.join(tmp, 'screenshot-ready');
  const port = await freePort();
  const log = fs.openSync(path.join(tmp, 'code-server.log'), 'w');
  const server = spawn(bin, ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--user-data-dir', userData, '--extensions-dir', extensionsDir ?? path.join(tmp, 'extensions'), workspace], {
    env: {
      ...process.env, EMOTION_LENS_TEST_RESULT: resultFile, EMOTION_LENS_TEST_GREP: grep ?? '',
      ...(screenshot ? { EMOTION_LENS_SCREENSHOT_READY: readyFile } : {}),
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  let browser;
  let keep = true; // a failed run keeps its folder: the message points at its code-server log
  try {
    await waitFor(async () => (await get(`http://127.0.0.1:${port}/healthz`)) === 200, 'code-server', 60000);
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(extensionDir)], ['extensionTestsPath', remote(SUITE)]];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // playwright gives Chromium a fresh profile of its own (the --user-data-dir of the README)
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(url);
    if (screenshot) {
      await waitFor(() => fs.existsSync(readyFile), 'the suite to be ready for the screenshot', 240000);
      await takeScreenshot(page, screenshot);
      fs.writeFileSync(readyFile + '.done', 'done');
    }
    const result = await waitFor(() => fs.existsSync(resultFile) && JSON.parse(fs.readFileSync(resultFile, 'utf8')), 'the suite result', 300000);
    for (const f of result.failures) console.log(`  failed: ${f.title}\n    ${f.error.split('\n').slice(0, 4).join('\n    ')}`);
    keep = result.failed > 0;
    return result;
  } catch (e) {
    console.log(`${name}: ${e.message}; code-server log: ${path.join(tmp, 'code-server.log')}`);
    console.log(fs.readFileSync(path.join(tmp, 'code-server.log'), 'utf8').split('\n').slice(-30).join('\n'));
    return { passed: 0, failed: 1 };
  } finally {
    await browser?.close().catch(() => {});
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (!keep) removeFolder(tmp);
  }
}

function removeFolder(dir) {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/** Hovers the joyful sentence (the angry one stays visible above it) and saves the window. */
async function takeScreenshot(page, file) {
  const line = page.locator('.monaco-editor .view-line', { hasText: 'happy and delighted' }).first();
  await line.waitFor({ timeout: 30000 });
  await page.keyboard.press('Escape').catch(() => {});
  const box = await line.boundingBox();
  await page.mouse.move(box.x + 120, box.y + box.height / 2);
  await page.locator('.monaco-hover', { hasText: 'Emotion Lens' }).first().waitFor({ timeout: 20000 }).catch(() => {});
  await page.waitForTimeout(500);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  console.log(`screenshot: ${path.relative(ROOT, file)}`);
}

export async function runDevSuite() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return runSuite({ name: 'dev', extensionDir: ROOT });
}

/** Packages the .vsix, installs it into a clean extensions folder, runs the smoke test there. */
export async function runVsixSmoke() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'el-vsix-ext-'));
  try {
    execFileSync('npm', ['run', 'package', '--silent'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    execFileSync(codeServerBin(), ['--extensions-dir', extensionsDir, '--install-extension', path.join(ROOT, 'emotion-lens.vsix')], { stdio: ['ignore', 'inherit', 'inherit'] });
    const installed = fs.readdirSync(extensionsDir).find((d) => d.startsWith('emotion-lens.emotion-lens-'));
    if (!installed) throw new Error('the .vsix did not install');
    return await runSuite({ name: 'vsix', extensionDir: path.join(extensionsDir, installed), extensionsDir, grep: 'smoke', screenshot: SCREENSHOT });
  } finally {
    // the package build is minified: put the development build back
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    removeFolder(extensionsDir);
  }
}

async function main() {
  let passed = 0;
  let failed = 0;
  const add = (r, label) => {
    console.log(`${label}: ${r.passed} passed, ${r.failed} failed`);
    passed += r.passed;
    failed += r.failed;
  };
  if (!args.has('--vsix-only')) add(await runDevSuite(), 'VS Code suite (development folder)');
  if (!args.has('--dev-only')) add(await runVsixSmoke(), 'VS Code smoke test (installed .vsix)');
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  process.exitCode = failed || !passed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
