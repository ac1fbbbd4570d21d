#!/usr/bin/env node
// A missing or broken build is "could not run" (exit 3) in one line, not a stack trace:
// a commit-msg hook calling this must be able to tell it from a finding (exit 1).
try {
  require('../dist/cli.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /dist[\\/]cli\.js/.test(String(e.message))) {
    process.stderr.write('emotion-lens: dist/cli.js is missing; run "npm run build" in ' + require('path').resolve(__dirname, '..') + '\n');
  } else {
    process.stderr.write('emotion-lens: ' + (e && e.message ? e.message : e) + '\n');
  }
  process.exit(3);
}
