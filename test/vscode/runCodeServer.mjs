// Runs the VS Code suite (test/vscode/suite) inside code-server (VS Code 1.100), driven
// by Debian's headless Chromium, in the three extension hosts:
//   native:    the development folder in the Node extension host (native onnxruntime);
//   universal: the universal .vsix installed clean, in the Node host (WASM); it also
//              takes the screenshot (docs/screenshot.png with
//              EMOTION_LENS_UPDATE_SCREENSHOT=1, else in the temporary folder);
//   web:       the same installed package forced into the web worker extension host
//              (`remote.extensionKind: web`): the browser entry, as vscode.dev runs it.
// The suite asks the runner what the page shows (decorations, status bar) through
// probe files in the workspace (suite/control.js); Chromium answers them.
// Usage: node test/vscode/runCodeServer.mjs [native|universal|web ...] (default: all three)
// (npm test runs them through test/vscode/codeServer.test.mjs; its pretest installs
// Chromium and code-server.)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const CODE_SERVER_DIR = process.env.CODE_SERVER_DIR || path.join(os.homedir(), '.cache', 'code-server-host');
const NODE_SUITE = path.join(ROOT, 'test', 'vscode', 'suite', 'index.js');
const EXTENSION_ID = 'emotion-lens.emotion-lens';
// the README's picture is refreshed on request only, so a test run leaves the tree clean
const SCREENSHOT = process.env.EMOTION_LENS_UPDATE_SCREENSHOT ? path.join(ROOT, 'docs', 'screenshot.png') : path.join(os.tmpdir(), 'emotion-lens-screenshot.png');

function codeServerBin() {
  const bin = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
  if (!fs.existsSync(bin)) throw new Error(`code-server not found at ${bin}: npm test's pretest installs it (or: bash tools/install-code-server.sh ${CODE_SERVER_DIR})`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: npm test's pretest installs it (or: apt-get install chromium)`);
  return bin;
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

/** The page-side answers to the suite's probes. */
const PROBES = {
  /** CSS background colours of the decorations on the editor line that holds `text`. */
  lineBackgrounds: (page, { text }) => page.evaluate((needle) => {
    for (const editor of document.querySelectorAll('.monaco-editor')) {
      // the editor renders spaces as no-break spaces
      const line = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => l.textContent.replace(/\u00a0/g, ' ').includes(needle));
      if (!line) continue;
      const top = line.style.top;
      const overlay = [...editor.querySelectorAll('.view-overlays > div')].find((d) => d.style.top === top);
      if (!overlay) return [];
      return [...overlay.querySelectorAll('.cdr')].map((d) => getComputedStyle(d).backgroundColor).filter((c) => c !== 'rgba(0, 0, 0, 0)');
    }
    throw new Error(`no editor line shows "${needle}"`);
  }, text),
  /** The texts of the status bar items. */
  statusBar: (page) => page.evaluate(() => [...document.querySelectorAll('.statusbar-item')].map((e) => e.textContent.trim()).filter(Boolean)),
  screenshot: (page) => takeScreenshot(page, SCREENSHOT),
};

/** Answers probe-N.json files with probe-N.result.json until stopped. */
function serveProbes(page, dir) {
  const answered = new Set();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const pending = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^probe-\d+\.json$/.test(f) && !answered.has(f)) : [];
      for (const f of pending) {
        let query;
        try {
          query = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
        } catch {
          continue; // still being written: read it again next round
        }
        answered.add(f);
        let answer;
        try {
          const probe = PROBES[query.kind];
          if (!probe) throw new Error(`unknown probe ${query.kind}`);
          answer = { value: (await probe(page, query)) ?? null };
        } catch (e) {
          answer = { error: String(e.message ?? e) };
        }
        fs.writeFileSync(path.join(dir, f.replace(/\.json$/, '.result.json')), JSON.stringify(answer));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
  };
}

/** One code-server + Chromium session running the suite; returns the suite's result.json. */
async function runSuite({ name, extensionDir, extensionsDir, testsPath = NODE_SUITE, userSettings = {}, grep, screenshot = false }) {
  const bin = codeServerBin();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `el-vscode-${name}-`));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const control = path.join(workspace, '.emotion-lens-test');
  fs.mkdirSync(control);
  fs.writeFileSync(path.join(control, 'config.json'), JSON.stringify({ grep: grep ?? '', screenshot, probes: true }));
  const userData = path.join(tmp, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false, 'telemetry.telemetryLevel': 'off', 'workbench.tips.enabled': false,
    'editor.hover.delay': 100, 'editor.hover.above': false, 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false,
    'files.exclude': { '.emotion-lens-test': true },
    ...userSettings,
  }));
  const resultFile = path.join(control, 'result.json');
  const port = await freePort();
  const log = fs.openSync(path.join(tmp, 'code-server.log'), 'w');
  const server = spawn(bin, ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--user-data-dir', userData, '--extensions-dir', extensionsDir ?? path.join(tmp, 'extensions'), workspace], {
    stdio: ['ignore', log, log],
    detached: true,
  });
  live.add(server.pid);
  const exited = new Promise((resolve) => server.once('exit', resolve));
  let browser;
  let stopProbes;
  let keep = true; // a failed run keeps its folder: the message points at its code-server log
  const t0 = Date.now();
  try {
    await waitFor(async () => (await get(`http://127.0.0.1:${port}/healthz`)) === 200, 'code-server', 60000);
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(extensionDir)], ['extensionTestsPath', remote(testsPath)]];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // playwright gives Chromium a fresh profile of its own (the --user-data-dir of tools/README.md)
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // the web worker host's console (the suite's spec output) is the page's console
    const consoleLines = [];
    page.on('console', (m) => consoleLines.push(m.text()));
    // every request that leaves the machine (the workbench tries its gallery; the extension must try nothing)
    const offMachine = [];
    page.on('request', (r) => {
      if (!/^(https?|wss?):\/\/(127\.0\.0\.1|localhost)[:/]/.test(r.url()) && /^(https?|wss?):/.test(r.url())) offMachine.push(r.url());
    });
    await page.goto(url);
    stopProbes = serveProbes(page, control);
    const result = await waitFor(() => fs.existsSync(resultFile) && JSON.parse(fs.readFileSync(resultFile, 'utf8')), 'the suite result', 400000);
    for (const f of result.failures) console.log(`  ${name}: failed: ${f.title}\n    ${f.error.split('\n').slice(0, 6).join('\n    ')}`);
    console.log(`${name}: ${result.passed} passed, ${result.failed} failed in ${((Date.now() - t0) / 1000).toFixed(0)} s; ${result.host} host, ${result.native ? 'native' : 'WASM'} runtime; first diagnostics ${result.firstDiagnosticsMs} ms after opening`);
    result.offMachine = offMachine;
    keep = result.failed > 0 || Boolean(process.env.EMOTION_LENS_KEEP_LOGS);
    if (keep) {
      fs.writeFileSync(path.join(tmp, 'page-console.log'), consoleLines.join('\n'));
      console.log(`${name}: logs kept in ${tmp}`);
    }
    return result;
  } catch (e) {
    console.log(`${name}: ${e.message}; code-server log: ${path.join(tmp, 'code-server.log')}`);
    console.log(fs.readFileSync(path.join(tmp, 'code-server.log'), 'utf8').split('\n').slice(-30).join('\n'));
    return { passed: 0, failed: 1, failures: [{ title: name, error: e.message }] };
  } finally {
    await stopProbes?.();
    await browser?.close().catch(() => {});
    await stopGroup(server, exited);
    if (!keep) removeFolder(tmp);
  }
}

/** code-server and its children: SIGTERM, then SIGKILL if they linger (an orphan would hold a core). */
const live = new Set();
process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
async function stopGroup(server, exited) {
  live.delete(server.pid);
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    try {
      process.kill(-server.pid, signal);
    } catch {
      return; // the group is gone
    }
    const done = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 5000))]);
    if (done) return;
  }
}

function removeFolder(dir) {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/** Hovers the joyful sentence (the angry one stays visible above it) and saves the window. */
async function takeScreenshot(page, file) {
  const line = page.locator('.monaco-editor .view-line', { hasText: 'happy and delighted' }).first();
  await line.waitFor({ timeout: 30000 });
  await page.keyboard.press('Escape');
  const box = await line.boundingBox();
  await page.mouse.move(box.x + 120, box.y + box.height / 2);
  await page.locator('.monaco-hover', { hasText: 'Emotion Lens' }).first().waitFor({ timeout: 20000 });
  await page.waitForTimeout(500);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  console.log(`screenshot: ${file}`);
}

/** (a) The development folder in the Node host: the native runtime. */
export async function runNative() {
  return runSuite({ name: 'native', extensionDir: ROOT });
}

/**
 * Packages the universal .vsix, installs it into a clean extensions folder and
 * returns a session for (b) and (c); `close()` removes it and rebuilds the
 * development dist/ (packaging builds it minified).
 */
export async function installUniversal() {
  const bin = codeServerBin();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'el-universal-'));
  const extensionsDir = path.join(tmp, 'extensions');
  try {
    execFileSync(process.execPath, ['scripts/package.mjs', '--only', 'universal', '--out', tmp], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    const vsix = fs.readdirSync(tmp).find((f) => f.endsWith('.vsix'));
    execFileSync(bin, ['--extensions-dir', extensionsDir, '--install-extension', path.join(tmp, vsix)], { stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  }
  const installed = fs.readdirSync(extensionsDir).find((d) => d.startsWith(`${EXTENSION_ID}-`));
  if (!installed) throw new Error('the universal .vsix did not install');
  const extensionDir = path.join(extensionsDir, installed);
  // the web worker host loads test modules from inside the extension only: add the bundled suite to this copy
  const webSuite = path.join(extensionDir, 'test-suite', 'web-suite.js');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'test', 'vscode', 'suite', 'web.js')], bundle: true, platform: 'browser', format: 'cjs',
    external: ['vscode'], outfile: webSuite, logLevel: 'warning', target: 'es2022',
    alias: { assert: path.join(ROOT, 'test', 'vscode', 'suite', 'webAssert.js') },
  });
  return { extensionDir, extensionsDir, webSuite, close: () => removeFolder(tmp) };
}

/** (b) The universal package in the Node host: WASM. Takes the screenshot. */
export async function runUniversal(pkg) {
  return runSuite({ name: 'universal', extensionDir: pkg.extensionDir, extensionsDir: pkg.extensionsDir, screenshot: true });
}

/** (c) The universal package in the web worker host (the browser entry). */
export async function runWeb(pkg) {
  return runSuite({
    name: 'web', extensionDir: pkg.extensionDir, extensionsDir: pkg.extensionsDir, testsPath: pkg.webSuite,
    userSettings: { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } },
  });
}

async function main() {
  const which = process.argv.slice(2).length ? process.argv.slice(2) : ['native', 'universal', 'web'];
  let failed = 0;
  let passed = 0;
  const add = (r) => {
    passed += r.passed;
    failed += r.failed;
  };
  if (which.includes('native')) add(await runNative());
  if (which.includes('universal') || which.includes('web')) {
    const pkg = await installUniversal();
    try {
      if (which.includes('universal')) add(await runUniversal(pkg));
      if (which.includes('web')) add(await runWeb(pkg));
    } finally {
      pkg.close();
    }
  }
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  process.exitCode = failed || !passed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
