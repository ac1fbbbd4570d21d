import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const core = require('../../dist/core.js');

test('LRU evicts the least recently used entry', () => {
  const c = new core.LruCache(2);
  c.set('a', 1);
  c.set('b', 2);
  assert.equal(c.get('a'), 1); // a is now newest
  c.set('c', 3);
  assert.equal(c.get('b'), undefined);
  assert.equal(c.get('a'), 1);
  assert.equal(c.size, 2);
});

test('analyzer classifies only sentences it has not seen', async () => {
  const calls = [];
  // a stand-in for the model that records what it is asked; the real model is tested in test/model
  const classify = async (texts) => {
    calls.push(...texts);
    return texts.map(() => ({ label: 'joy', score: 0.99, scores: { sadness: 0, joy: 0.99, love: 0, anger: 0, fear: 0, surprise: 0.01 }, neutral: 0, readable: true }));
  };
  const a = new core.Analyzer(classify);
  const opts = { languageId: 'plaintext', settings: { ...core.DEFAULT_SETTINGS }, threshold: 0.5 };
  const first = await a.analyze('One sentence. Two sentences. Three.', opts);
  assert.equal(first.kind, 'done');
  assert.equal(first.classified, 3);
  const second = await a.analyze('One sentence. Two sentences changed. Three.', opts);
  assert.equal(second.classified, 1);
  // batches are sorted by length (less padding), so the first three come shortest first
  assert.deepEqual(calls, ['Three.', 'One sentence.', 'Two sentences.', 'Two sentences changed.']);
  assert.equal(second.sentences.length, 3);
  const big = await a.analyze('x'.repeat(20), { ...opts, settings: { ...opts.settings, maxDocumentSize: 10 } });
  assert.equal(big.kind, 'skipped');
  assert.match(big.reason, /maxDocumentSize/);
});

test('throttle: leading run, one trailing run for a burst, never overlapping', async () => {
  const runs = [];
  let active = 0;
  let maxActive = 0;
  const t = new core.KeyedThrottle(async (k) => {
    active++;
    maxActive = Math.max(maxActive, active);
    runs.push(k);
    await new Promise((r) => setTimeout(r, 30));
    active--;
  }, 50);
  for (let i = 0; i < 20; i++) t.touch('doc');
  assert.equal(runs.length, 1); // leading
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(runs.length, 2); // one trailing
  assert.equal(maxActive, 1);
});

test('settings from the client are sanitised', () => {
  const s = core.sanitizeSettings({ threshold: 7, labels: ['anger', 'nope'], severity: 'loud', languages: ['markdown', 3] });
  assert.equal(s.threshold, core.DEFAULT_SETTINGS.threshold);
  assert.deepEqual(s.labels, ['anger']);
  assert.equal(s.severity, 'information');
  assert.deepEqual(s.languages, ['markdown']);
  assert.deepEqual(core.sanitizeSettings(undefined), core.DEFAULT_SETTINGS);
});
