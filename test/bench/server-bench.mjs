// Language-server latency over stdio with the bundled model:
//  - cold open of a 1,000-sentence Markdown document until its diagnostics arrive;
//  - a one-sentence edit in that document until updated diagnostics (p50/p95 over
//    50 edits spaced beyond the throttle window, so each is a leading-edge run;
//    the throttle delay is reported separately);
//  - hover latency while a full analysis of another large document runs;
//  - server RSS after it all.
// Usage: node test/bench/server-bench.mjs
import { startServer } from '../lsp/lspClient.mjs';

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

const s = await startServer();
const uri = 'file:///bench.md';
const text = document(1000, 'a');
let t0 = performance.now();
let v = s.open(uri, text, 'markdown');
await s.diagnosticsFor(uri, v, 120000);
const cold = performance.now() - t0;
const sum = await s.summary(uri, v);

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
  await s.diagnosticsFor(uri, v, 30000);
  edits.push(performance.now() - t0);
}

const big = 'file:///bench-2.md';
const bv = s.open(big, document(1000, 'b'), 'markdown');
const hovers = [];
const done = () => s.state.allDiagnostics.some((d) => d.uri === big && d.version === bv);
while (!done() && hovers.length < 200) {
  t0 = performance.now();
  await s.hover(uri, 2 + (hovers.length % 50), 3);
  hovers.push(performance.now() - t0);
}
await s.diagnosticsFor(big, bv, 120000);
const stats = await s.conn.sendRequest('emotion/test/stats');
console.log(`document: ${sum.sentences.length} sentences (${Object.entries(sum.counts).map(([k, n]) => `${n} ${k}`).join(', ')})`);
console.log(`cold open -> diagnostics: ${cold.toFixed(0)} ms`);
console.log(`one-sentence edit -> diagnostics: p50 ${pct(edits, 50).toFixed(1)} ms, p95 ${pct(edits, 95).toFixed(1)} ms over ${edits.length} edits (throttle: leading edge, ${throttleMs} ms window; 0 ms added to an isolated edit)`);
console.log(`hover during a full analysis: p50 ${pct(hovers, 50).toFixed(1)} ms, p95 ${pct(hovers, 95).toFixed(1)} ms, max ${Math.max(...hovers).toFixed(1)} ms over ${hovers.length} hovers`);
console.log(`server RSS: ${(stats.rss / 1024 / 1024).toFixed(0)} MB (model worker thread included)`);
await s.stop();
