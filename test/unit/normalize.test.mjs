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
  assert.ok(cases.some((c) => c.keep) && cases.some((c) => !c.keep), 'cases with and without kept punctuation');
  for (const { input, normalized, keep } of cases) assert.equal(core.normalizeText(input, keep), normalized, JSON.stringify([input, keep]));
});
