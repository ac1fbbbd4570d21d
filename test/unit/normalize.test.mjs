// The TypeScript normaliser must agree with the Python one used at training time
// (test/fixtures/normalize.json is written by model/train/export.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');
const cases = require('../fixtures/normalize.json');

test('normalizeText matches model/train/textnorm.py on every fixture', () => {
  assert.ok(cases.length >= 10);
  for (const { input, normalized } of cases) assert.equal(core.normalizeText(input), normalized, JSON.stringify(input));
});
