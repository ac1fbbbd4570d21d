// The VS Code suite in a real VS Code (code-server + headless Chromium), as part of
// `npm test`: the development folder, then the packaged .vsix installed clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDevSuite, runVsixSmoke } from './runCodeServer.mjs';

test('VS Code suite in code-server (development folder)', { timeout: 600000 }, async () => {
  const r = await runDevSuite();
  assert.equal(r.failed, 0, JSON.stringify(r.failures ?? r, null, 1));
  assert.ok(r.passed >= 8, `${r.passed} passed`);
});

test('installed .vsix: smoke test and screenshot', { timeout: 600000 }, async () => {
  const r = await runVsixSmoke();
  assert.equal(r.failed, 0, JSON.stringify(r.failures ?? r, null, 1));
  assert.equal(r.passed, 1);
});
