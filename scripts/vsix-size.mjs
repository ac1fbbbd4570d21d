// Prints the size of a .vsix and of its largest entries (run by `npm run package`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
const file = process.argv[2];
const bytes = fs.statSync(file).size;
console.log(`${file}: ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
try {
  const list = execFileSync('unzip', ['-l', file], { encoding: 'utf8' }).trim().split('\n').slice(3, -2);
  const rows = list.map((l) => l.trim().split(/\s+/)).map((p) => [Number(p[0]), p.slice(3).join(' ')]).sort((a, b) => b[0] - a[0]).slice(0, 8);
  for (const [size, name] of rows) console.log(`  ${(size / 1024 / 1024).toFixed(1).padStart(6)} MiB  ${name}`);
} catch {
  // unzip missing: the total is enough
}
