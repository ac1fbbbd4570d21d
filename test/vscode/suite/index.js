// The test entry that @vscode/test-electron's extensionTestsPath (or code-server's
// payload) names: runs the mocha suite and writes the counts to a file the runner reads.
const path = require('path');
const fs = require('fs');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, grep: process.env.EMOTION_LENS_TEST_GREP || undefined });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  const resultFile = process.env.EMOTION_LENS_TEST_RESULT;
  return new Promise((resolve, reject) => {
    const failures = [];
    const runner = mocha.run((failed) => {
      if (resultFile) fs.writeFileSync(resultFile, JSON.stringify({ passed: runner.stats.passes, failed, failures }));
      if (failed > 0) reject(new Error(`${failed} tests failed.`));
      else resolve();
    });
    runner.on('fail', (test, err) => failures.push({ title: test.fullTitle(), error: String(err && err.stack || err) }));
  });
};
