// The suite's channel to its runner (test/vscode/runCodeServer.mjs), the same in the
// Node and the web worker extension host (no `fs`, no `process` there): JSON files in
// the workspace's .emotion-lens-test folder, read and written with vscode.workspace.fs.
//   config.json        runner -> suite: { grep, screenshot, probes } (absent: no probes, e.g. test:electron)
//   probe-N.json       suite -> runner: a question about what the workbench shows
//   probe-N.result.json runner -> suite: the answer (read from the page by Chromium)
//   result.json        suite -> runner: counts, failures, measurements
const vscode = require('vscode');

const folder = () => vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, '.emotion-lens-test');
const file = (name) => vscode.Uri.joinPath(folder(), name);

async function readJson(name) {
  let bytes;
  try {
    bytes = await vscode.workspace.fs.readFile(file(name));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
    throw e;
  }
  return JSON.parse(new TextDecoder().decode(bytes));
}

async function writeJson(name, value) {
  await vscode.workspace.fs.writeFile(file(name), new TextEncoder().encode(JSON.stringify(value)));
}

let probes = 0;
/** Asks the runner what the page shows (decorations of a line, status bar texts, a screenshot). */
async function probe(query, timeoutMs = 60000) {
  const id = ++probes;
  await writeJson(`probe-${id}.json`, query);
  const t0 = Date.now();
  for (;;) {
    const answer = await readJson(`probe-${id}.result.json`);
    if (answer !== undefined) {
      if (answer.error) throw new Error(`probe ${JSON.stringify(query)}: ${answer.error}`);
      return answer.value;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`no answer to probe ${JSON.stringify(query)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

module.exports = {
  config: async () => (await readJson('config.json')) ?? {},
  /** Whether a runner with a page answers probes (code-server + Chromium does; @vscode/test-electron does not). */
  canProbe: async () => Boolean((await readJson('config.json'))?.probes),
  writeResult: (result) => writeJson('result.json', result),
  probe,
};
