// The test entry for the web worker extension host (what vscode.dev runs): mocha's
// browser build, the same suite, results through vscode.workspace.fs. esbuild bundles
// it into out/test/web-suite.js (test/vscode/runCodeServer.mjs), which is copied into the
// extension folder: the web host loads test modules from there only.
require('mocha/mocha'); // defines the global `mocha`
const control = require('./control');

exports.run = async function run() {
  const { grep } = await control.config();
  mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60000, grep: grep || undefined });
  require('./extension.test.js');
  const failures = [];
  let stats;
  const failed = await new Promise((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: String((err && err.stack) || err) }));
    runner.on('end', () => (stats = runner.stats));
  });
  await control.writeResult({ passed: stats.passes, failed, failures, ...control.measured });
  if (failed > 0) throw new Error(`${failed} tests failed.`);
};
