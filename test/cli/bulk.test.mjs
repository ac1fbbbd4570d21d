// Bulk `check` on several processes: the same report as one process, in operand order,
// streamed; bounded reading of big files, devices and pipes; SARIF still valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ANGRY, BIN, NEUTRAL, run, tempDir, write } from './helpers.mjs';

function corpus(t, n = 7) {
  const dir = tempDir(t);
  // different sizes, so the processes finish out of order
  for (let i = 0; i < n; i++) write(dir, `doc${i}.md`, `# Doc ${i}\n\n${Array.from({ length: (i % 3) * 40 + 1 }, (_, k) => (k % 9 === i % 9 ? ANGRY : `${NEUTRAL} Item ${i}-${k}.`)).join('\n\n')}\n`);
  return dir;
}

test('--jobs 2 gives the same text, JSON and SARIF as --jobs 1, files in operand order', (t) => {
  const dir = corpus(t);
  for (const format of [['--all'], ['--json'], ['--format', 'sarif'], ['--format', 'github']]) {
    const one = run(['check', '--jobs', '1', ...format, '.'], '', { cwd: dir });
    const two = run(['check', '--jobs', '2', ...format, '.'], '', { cwd: dir });
    assert.equal(one.status, 0, one.stderr);
    assert.equal(two.status, 0, two.stderr);
    if (format[1] === 'sarif') assert.deepEqual(JSON.parse(two.stdout), JSON.parse(one.stdout));
    else assert.equal(two.stdout, one.stdout, format.join(' '));
  }
  const json = JSON.parse(run(['check', '--jobs', '2', '--json', '.'], '', { cwd: dir }).stdout);
  assert.deepEqual(json.files.map((f) => f.file), Array.from({ length: 7 }, (_, i) => `doc${i}.md`));
  assert.equal(json.counts.anger, json.files.reduce((n, f) => n + f.sentences.filter((s) => s.label === 'anger').length, 0));
  assert.equal(run(['check', '--jobs', '2', '--fail-on', 'anger', '.'], '', { cwd: dir }).status, 1);
});

test('the streamed SARIF has the notes of skipped files and parses', (t) => {
  const dir = corpus(t, 3);
  fs.writeFileSync(path.join(dir, 'big.md'), 'x'.repeat(3000));
  const r = run(['check', '--jobs', '2', '--max-file-size', '2K', '--format', 'sarif', 'doc0.md', 'big.md', 'doc1.md'], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  const sarif = JSON.parse(r.stdout);
  assert.match(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /big\.md: 2\.9 KiB is over the limit of 2 KiB per file/);
  assert.ok(sarif.runs[0].results.length >= 1);
});

test('a file over --max-file-size is skipped with a clear message; nothing readable is exit 3', (t) => {
  const dir = tempDir(t);
  write(dir, 'big.txt', `${ANGRY}\n`.repeat(100));
  write(dir, 'small.txt', `${ANGRY}\n`);
  const r = run(['check', '--max-file-size', '1K', 'big.txt', 'small.txt'], '', { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /skipped big\.txt: 4\.8 KiB is over the limit of 1 KiB per file \(raise it with --max-file-size\)/);
  assert.match(r.stdout, /1 sentence in 1 file: 1 anger/);
  const none = run(['check', '--max-file-size', '1K', 'big.txt'], '', { cwd: dir });
  assert.equal(none.status, 3);
  assert.match(none.stderr, /no input could be read/);
  assert.equal(run(['check', '--max-file-size', 'lots', 'small.txt'], '', { cwd: dir }).status, 2);
  assert.equal(run(['check', '--jobs', '0', 'small.txt'], '', { cwd: dir }).status, 2);
});

test('check /dev/zero and an endless pipe end with a clear message, exit 3', async () => {
  const zero = run(['check', '/dev/zero'], '', { timeout: 60000 });
  assert.equal(zero.status, 3);
  assert.match(zero.stderr, /skipped \/dev\/zero: .*over the limit of 8 MiB per file/);
  // stdin that never ends: the CLI stops reading at the limit and exits
  const child = spawn(process.execPath, [BIN, 'check', '--max-file-size', '64K', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.on('error', () => {}); // the CLI closes its end: EPIPE here is expected
  const chunk = Buffer.from(`${NEUTRAL}\n`.repeat(1000));
  const feed = setInterval(() => child.stdin.writable && child.stdin.write(chunk), 5);
  const code = await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(feed);
  assert.equal(code, 3);
  assert.match(stderr, /standard input is over the limit of 64 KiB per file/);
});
