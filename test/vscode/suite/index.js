// The test entry for the Node extension host (code-server's payload or
// @vscode/test-electron's extensionTestsPath): runs the mocha suite and writes the
// counts where the runner reads them. web.js is the web worker host's twin.
const path = require('path');
const Mocha = require('mocha');
const control = require('./control');

exports.run = async function run() {
  const { grep } = await control.config();
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, grep: grep || undefined });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  const failures = [];
  const failed = await new Promise((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: String((err && err.stack) || err) }));
    runner.on('end', () => (control.stats = runner.stats));
  });
  await control.writeResult({ passed: control.stats.passes, failed, failures, ...control.measured });
  if (failed > 0) throw new Error(`${failed} tests failed.`);
};
