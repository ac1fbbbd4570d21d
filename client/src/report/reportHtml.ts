/** The report page: static HTML + an inline script (nonce), drawing SVG from posted data. */
import { EMOTIONS } from '../../../common/protocol';

export function reportHtml(nonce: string, cspSource: string): string {
  const emotions = JSON.stringify(EMOTIONS);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px; }
  h1 { font-size: 1.2em; font-weight: 600; }
  .legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 12px; }
  .legend span::before { content: ''; display: inline-block; width: 10px; height: 10px; margin-right: 5px; border-radius: 2px; background: var(--c); }
  svg { width: 100%; display: block; }
  rect.bar { cursor: pointer; }
  g.col:hover rect { stroke: var(--vscode-focusBorder); stroke-width: 1; }
  g.neutral rect { opacity: 0.28; }
  .axis { fill: var(--vscode-descriptionForeground); font-size: 10px; }
  #detail { min-height: 3em; margin-top: 10px; color: var(--vscode-descriptionForeground); }
  .empty { color: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<h1 id="title">Tone report</h1>
<div class="legend" id="legend"></div>
<div id="chart"></div>
<div id="detail">Hover a bar to read its sentence; click it to go there. Faded bars are neutral (not flagged).</div>
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const EMOTIONS = ${emotions};
  const color = (e) => 'var(--vscode-emotionLens-' + e + ')';
  const legend = document.getElementById('legend');
  for (const e of EMOTIONS) {
    const s = document.createElement('span');
    s.style.setProperty('--c', color(e));
    s.textContent = e;
    legend.appendChild(s);
  }
  const NS = 'http://www.w3.org/2000/svg';
  function el(name, attrs) {
    const n = document.createElementNS(NS, name);
    for (const k in attrs) n.setAttribute(k, attrs[k]);
    return n;
  }
  function draw(summary, name) {
    const chart = document.getElementById('chart');
    chart.textContent = '';
    // a big document fills in part by part: say how far it is
    document.getElementById('title').textContent = name + (summary && summary.progress !== undefined ? ' — analysing, ' + Math.round(summary.progress * 100) + '%' : '');
    if (!summary) { chart.innerHTML = '<p class="empty">Waiting for results…</p>'; return; }
    if (summary.skipped) { chart.textContent = summary.skipped; return; }
    const sentences = summary.sentences;
    if (!sentences.length) { chart.innerHTML = '<p class="empty">No sentences to show.</p>'; return; }
    const H = 180, bw = Math.max(3, Math.min(24, Math.floor(900 / sentences.length)));
    const W = sentences.length * bw;
    const svg = el('svg', { viewBox: '0 0 ' + W + ' ' + (H + 16), preserveAspectRatio: 'none', height: H + 16, role: 'img', 'aria-label': 'Emotion per sentence' });
    sentences.forEach((s, i) => {
      const g = el('g', { class: 'col ' + (s.flagged ? 'flagged' : 'neutral'), 'data-index': i });
      let y = H;
      for (const e of [...EMOTIONS].sort((a, b) => s.scores[a] - s.scores[b])) {
        const h = s.scores[e] * H;
        y -= h;
        const r = el('rect', { class: 'bar', x: i * bw, y: y, width: Math.max(1, bw - 1), height: h });
        r.style.fill = color(e);
        g.appendChild(r);
      }
      const title = el('title', {});
      title.textContent = (s.flagged ? s.label : 'neutral') + ' ' + Math.round(s.score * 100) + '%: ' + s.text;
      g.appendChild(title);
      g.addEventListener('mouseenter', () => {
        document.getElementById('detail').textContent = 'Line ' + (s.range.start.line + 1) + ' · ' + (s.flagged ? s.label : 'neutral (closest: ' + s.label + ')') + ' ' + Math.round(s.score * 100) + '% — ' + s.text;
      });
      g.addEventListener('click', () => vscode.postMessage({ type: 'reveal', index: i }));
      svg.appendChild(g);
    });
    const t = el('text', { class: 'axis', x: 0, y: H + 12 });
    t.textContent = 'sentence 1 … ' + sentences.length + ' (' + summary.counts.neutral + ' neutral)';
    svg.appendChild(t);
    chart.appendChild(svg);
  }
  window.addEventListener('message', (ev) => { if (ev.data && ev.data.type === 'data') draw(ev.data.summary, ev.data.name); });
  vscode.postMessage({ type: 'ready' });
})();
</script>
</body>
</html>`;
}
