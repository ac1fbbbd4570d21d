// Bulk command line against the model alone, same run, same sentences:
//  - sentences/s of `check --json` over a large documentation corpus (the README files
//    of node_modules, copied to a temporary folder) with one process per core and with
//    --jobs 1, against one `classify` process given the same sentences one per line
//    (wall clock of each command, model load included in all three);
//  - peak RSS (the process and its checking processes, sampled from /proc) of `check
//    --json` on a 50 MB text file (over the per-file limit: refused from its size), on
//    a file just under the limit, and the time `check /dev/zero` takes to give up.
// Usage: node test/bench/cli-bench.mjs [--sentences N] [--under-limit-mb M]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const { values } = parseArgs({ options: { sentences: { type: 'string', default: '16000' }, 'under-limit-mb': { type: 'string', default: '2' } } });
const cores = os.availableParallelism?.() ?? os.cpus().length;

/** Runs the CLI; resolves with wall time, stdout, exit code and the peak RSS of its process tree. */
function runCli(args, { input, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out = [];
    let stderr = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 20);
    if (input !== undefined) child.stdin.end(input);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ ms: performance.now() - t0, stdout: Buffer.concat(out).toString('utf8'), stderr, code, peakMb: peak / 1024 });
    });
  });
}

/** RSS in KiB of a process and its descendants (Linux /proc). */
function treeRss(pid) {
  let total = 0;
  try {
    total += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      for (const c of fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) total += treeRss(Number(c));
    }
  } catch {
    // the process ended between two reads: what was read counts
  }
  return total;
}

// the corpus: README files of the installed packages, until about --sentences sentences
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'el-cli-bench-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const readmes = [];
(function find(d, depth) {
  for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(d, e.name);
    if (e.isDirectory() && depth < 3) find(p, depth + 1);
    else if (e.isFile() && /^readme\.md$/i.test(e.name)) readmes.push(p);
  }
})(path.join(ROOT, 'node_modules'), 0);
let copied = 0;
let estimate = 0;
for (const f of readmes) {
  if (estimate >= Number(values.sentences)) break;
  const text = fs.readFileSync(f, 'utf8');
  if (text.length > 200_000) continue;
  fs.writeFileSync(path.join(dir, `doc-${String(copied++).padStart(4, '0')}.md`), text);
  estimate += (text.match(/[.!?](\s|$)/g) ?? []).length;
}

const jobsN = await runCli(['check', '--json', '--jobs', String(cores), '.'], { cwd: dir });
if (jobsN.code > 1) throw new Error(`check failed: ${jobsN.stderr}`);
const report = JSON.parse(jobsN.stdout);
const sentences = report.files.flatMap((f) => f.sentences.map((s) => s.text.replace(/\s+/g, ' ')));
const jobs1 = await runCli(['check', '--json', '--jobs', '1', '.'], { cwd: dir });
const classify = await runCli(['classify', '--json'], { input: sentences.join('\n') + '\n' });
if (classify.code !== 0) throw new Error(`classify failed: ${classify.stderr}`);
const rate = (r) => (sentences.length / r.ms) * 1000;
console.log(`corpus: ${report.files.length} README files of node_modules, ${sentences.length.toLocaleString('en')} sentences (${cores} cores)`);
console.log(`classify, one process:        ${rate(classify).toFixed(0)} sentences/s (${(classify.ms / 1000).toFixed(1)} s, peak RSS ${classify.peakMb.toFixed(0)} MB)`);
console.log(`check --jobs 1${Math.max(1, Math.floor(cores / 2)) === 1 ? ' (default)' : '          '}:     ${rate(jobs1).toFixed(0)} sentences/s (${(jobs1.ms / 1000).toFixed(1)} s) -> ${(rate(jobs1) / rate(classify)).toFixed(2)}x classify`);
console.log(`check --jobs ${cores} (one per core): ${rate(jobsN).toFixed(0)} sentences/s (${(jobsN.ms / 1000).toFixed(1)} s, peak RSS ${jobsN.peakMb.toFixed(0)} MB) -> ${(rate(jobsN) / rate(classify)).toFixed(2)}x classify`);

// memory: a 50 MB text file (over the default per-file limit), a file under it, /dev/zero
const line = 'The parser reads each table row and writes the result to the output folder, as noted in the guide.\n';
const big = path.join(dir, 'big-50mb.txt');
fs.writeFileSync(big, line.repeat(Math.ceil(50e6 / line.length)));
const b = await runCli(['check', '--json', big]);
console.log(`check --json on a 50 MB text file: exit ${b.code} in ${(b.ms / 1000).toFixed(1)} s, peak RSS ${b.peakMb.toFixed(0)} MB (${b.stderr.trim().split('\n')[0]})`);
const underMb = Number(values['under-limit-mb']);
const under = path.join(dir, `under-${underMb}mb.txt`);
fs.writeFileSync(under, Array.from({ length: Math.ceil((underMb * 1e6) / line.length) }, (_, i) => line.replace('row', `row ${i}`)).join(''));
const u = await runCli(['check', '--json', under]);
console.log(`check --json on a ${underMb} MB text file (${JSON.parse(u.stdout).files[0].sentences.length.toLocaleString('en')} sentences, analysed): exit ${u.code} in ${(u.ms / 1000).toFixed(1)} s, peak RSS ${u.peakMb.toFixed(0)} MB`);
const z = await runCli(['check', '/dev/zero']);
console.log(`check /dev/zero: exit ${z.code} in ${(z.ms / 1000).toFixed(1)} s, peak RSS ${z.peakMb.toFixed(0)} MB (${z.stderr.trim().split('\n')[0]})`);
