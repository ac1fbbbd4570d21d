// Language-server latency over stdio with the bundled model:
//  - cold open of a 1,000-sentence Markdown document until its diagnostics arrive;
//  - a one-sentence edit in that document until updated diagnostics (p50/p95 over
//    50 edits spaced beyond the throttle window, so each is a leading-edge run;
//    the throttle delay is reported separately);
//  - hover latency while a full analysis of another large document runs;
//  - server RSS after it all;
//  - an 8,000-sentence Markdown document (about 0.86 MB) with the visible range in its
//    middle (emotion/visibleRanges): time to the first diagnostics inside the visible
//    range, to the complete analysis, hover p95 while it fills in, against `classify`
//    of the same sentences (the model alone, warm) in the same run; native and WASM.
// Usage: node test/bench/server-bench.mjs [--skip-small] [--skip-wasm]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, startServer } from '../lsp/lspClient.mjs';
const argv = process.argv.slice(2);

const EMOTIONAL = ['I feel so angry about the broken build.', 'We are delighted with the new release.', 'I am worried the migration will fail.', 'What a surprise that it worked.'];
const NEUTRAL = ['The parser reads each table row.', 'Run the tests before you push.', 'The cache holds recent results.', 'Settings are read per folder.'];

function document(n, seed) {
  const lines = ['# Benchmark document', ''];
  for (let i = 0; i < n; i++) {
    const pool = i % 5 === 0 ? EMOTIONAL : NEUTRAL;
    lines.push(`${pool[i % pool.length].replace('.', '')} (item ${seed}-${i}).`);
    if (i % 10 === 9) lines.push('');
  }
  return lines.join('\n');
}
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];


async function small() {
const s = await startServer();
const uri = 'file:///bench.md';
const text = document(1000, 'a');
let t0 = performance.now();
let v = s.open(uri, text, 'markdown');
await s.diagnosticsFor(uri, v, 120000);
const firstDiagnostics = performance.now() - t0;
// progressive: the top first, then the rest; the complete results are the summary without `progress`
const sum = await s.summary(uri, v, (x) => x.progress === undefined, 120000);
const cold = performance.now() - t0;

const throttleMs = 200;
const edits = [];
const lines = text.split('\n');
for (let i = 0; i < 50; i++) {
  await new Promise((r) => setTimeout(r, throttleMs + 20)); // past the throttle window: a leading-edge run
  const line = 2 + ((i * 37) % 1000);
  const pos = { line, character: 0 };
  t0 = performance.now();
  v = s.change(uri, [{ range: { start: pos, end: { line, character: lines[line].length } }, text: `Edited sentence number ${i} is here.` }]);
  lines[line] = `Edited sentence number ${i} is here.`;
  await s.summary(uri, v, (x) => x.progress === undefined, 30000);
  edits.push(performance.now() - t0);
}

const other = 'file:///bench-2.md';
const bv = s.open(other, document(1000, 'b'), 'markdown');
const hovers = [];
const done = () => s.state.summaries.some((d) => d.uri === other && d.version === bv && d.progress === undefined);
while (!done() && hovers.length < 200) {
  t0 = performance.now();
  await s.hover(uri, 2 + hovers.length + Math.floor(hovers.length / 10), 3); // a sentence not hovered before
  hovers.push(performance.now() - t0);
}
await s.summary(other, bv, (x) => x.progress === undefined, 120000);
const stats = await s.conn.sendRequest('emotion/test/stats');
console.log(`document: ${sum.sentences.length} sentences (${Object.entries(sum.counts).map(([k, n]) => `${n} ${k}`).join(', ')})`);
console.log(`cold open -> first diagnostics (top of the document): ${firstDiagnostics.toFixed(0)} ms; complete: ${cold.toFixed(0)} ms`);
console.log(`one-sentence edit -> diagnostics: p50 ${pct(edits, 50).toFixed(1)} ms, p95 ${pct(edits, 95).toFixed(1)} ms over ${edits.length} edits (throttle: leading edge, ${throttleMs} ms window; 0 ms added to an isolated edit)`);
console.log(`hover during a full analysis: p50 ${pct(hovers, 50).toFixed(1)} ms, p95 ${pct(hovers, 95).toFixed(1)} ms, max ${Math.max(...hovers).toFixed(1)} ms over ${hovers.length} hovers`);
console.log(`server RSS: ${(stats.rss / 1024 / 1024).toFixed(0)} MB (model worker thread included)`);
await s.stop();
}

// ---- the 8,000-sentence document ----
const SUBJECTS = ['The parser', 'Our release process', 'This configuration file', 'The build server', 'Every contributor', 'The migration script', 'The documentation site', 'A failing test'];
const MIDDLES = [
  'reads each table row and writes the result to the output folder',
  'runs the linters, the unit tests and the integration tests before anything is merged',
  'keeps the recent results in a small cache so that a second run is faster',
  'needs the new settings to be read per folder rather than once for the whole workspace',
  'was rewritten last spring',
  'should be checked again after every dependency update, including minor ones',
];
const FEELINGS = ['I am so angry that it broke again', 'We are delighted with how the release went', 'I am really worried the migration will fail', 'What a surprise that it worked the first time', 'I love how simple the new setup is', 'I feel sad that we dropped the old plugin'];

/** n sentences of 40 to 200 characters, one per line, paragraphs of ten; unique, about 107 characters each. */
function bigDocument(n) {
  const sentences = [];
  for (let i = 0; i < n; i++) {
    sentences.push(i % 7 === 3
      ? `${FEELINGS[i % FEELINGS.length]} (case ${i}).`
      : `${SUBJECTS[i % SUBJECTS.length]} ${MIDDLES[(i * 5) % MIDDLES.length]}${i % 3 ? `, as noted in section ${i} of the guide` : ''}.`);
  }
  const lines = ['# A long document', ''];
  sentences.forEach((x, i) => {
    lines.push(x);
    if (i % 10 === 9) lines.push('');
  });
  return { text: lines.join('\n'), sentences, lineOf: (i) => 2 + i + Math.floor(i / 10) };
}

/** `classify`'s cost for these sentences with the model warm: the CLI's own batching (256 lines a call), model load excluded. */
function classifyMs(sentences, env) {
  const script = `
    const core = require(${JSON.stringify(path.join(ROOT, 'dist', 'core.js'))});
    const lines = require('fs').readFileSync(0, 'utf8').split('\\n');
    core.EmotionClassifier.load().then(async (c) => {
      await c.classify(lines.slice(0, 64)); // warm
      const t0 = performance.now();
      for (let i = 0; i < lines.length; i += 256) await c.classify(lines.slice(i, i + 256));
      process.stdout.write(String(performance.now() - t0));
    });`;
  return Number(execFileSync(process.execPath, ['-e', script], { input: sentences.join('\n'), encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 20 }));
}

async function big(name, env) {
  const n = 8000;
  const doc = bigDocument(n);
  const baseline = classifyMs(doc.sentences, env);
  const s = await startServer({ env });
  // warm the model (the targets are for a warm model) with a small document
  const wv = s.open('file:///warm.md', doc.sentences.slice(0, 50).map((x, i) => `${x} (warm ${i})`).join('\n\n'), 'markdown');
  await s.summary('file:///warm.md', wv, (x) => x.progress === undefined, 300000);
  const uri = 'file:///big.md';
  const from = doc.lineOf(4000);
  const to = doc.lineOf(4045); // about a screenful
  s.conn.sendNotification('emotion/visibleRanges', { uri, ranges: [{ start: { line: from, character: 0 }, end: { line: to, character: 0 } }] });
  const t0 = performance.now();
  let firstVisible;
  const inView = (d) => d.uri === uri && d.diagnostics.some((x) => x.range.start.line >= from && x.range.start.line < to);
  const v = s.open(uri, doc.text, 'markdown');
  const hovers = [];
  let complete;
  const isComplete = () => s.state.summaries.find((x) => x.uri === uri && x.version === v && x.progress === undefined);
  while (!(complete = isComplete())) {
    if (firstVisible === undefined && s.state.allDiagnostics.some(inView)) firstVisible = performance.now() - t0;
    if (firstVisible === undefined) {
      await new Promise((r) => setTimeout(r, 2));
      continue;
    }
    // the writer hovers what they see while the rest fills in, then reads on: a sentence
    // not hovered before each time (a sentence hovered again is answered from a cache), one
    // every 150 ms at most (a pointer resting on sentence after sentence)
    const h0 = performance.now();
    await s.hover(uri, doc.lineOf(4000 + hovers.length), 5);
    hovers.push(performance.now() - h0);
    await new Promise((r) => setTimeout(r, Math.max(0, 150 - (performance.now() - h0))));
  }
  const full = performance.now() - t0;
  firstVisible ??= full;
  const partials = s.state.summaries.filter((x) => x.uri === uri && x.version === v).length - 1;
  const mb = (Buffer.byteLength(doc.text) / 1e6).toFixed(2);
  console.log(`\n${name}: ${n.toLocaleString('en')}-sentence Markdown document (${mb} MB), visible range in the middle, model warm`);
  console.log(`  first diagnostics inside the visible range: ${firstVisible.toFixed(0)} ms after open`);
  console.log(`  complete analysis: ${full.toFixed(0)} ms (${partials} partial publications before it); classify of the same ${complete.sentences.length.toLocaleString('en')} sentences: ${baseline.toFixed(0)} ms -> ${(full / baseline).toFixed(2)}x classify`);
  if (hovers.length) console.log(`  hover while it fills in (each on a sentence not hovered before, at most one per 150 ms): p50 ${pct(hovers, 50).toFixed(1)} ms, p95 ${pct(hovers, 95).toFixed(1)} ms, max ${Math.max(...hovers).toFixed(1)} ms over ${hovers.length} hovers`);
  await s.stop();
}

// after every definition above (top-level await would meet them uninitialised)
if (!argv.includes('--skip-small')) await small();
await big('native', {});
if (!argv.includes('--skip-wasm')) await big('WASM', { EMOTION_LENS_RUNTIME: 'wasm' });
