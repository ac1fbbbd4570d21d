/** The emotion-lens command line: check, commits, commit-msg, classify, hook, eval. */
import { parseArgs } from 'util';
import { ModelError } from '../classifier/classifier';
import { ConfigError } from '../project/config';
import { BULK_WORKER_ARG, runBulkWorker } from './bulk';
import { checkCommand } from './check';
import { classifyCommand } from './classify';
import { commitMsgCommand, commitsCommand } from './commits';
import { evalCommand } from './eval';
import { hookCommand } from './hook';
import { packageVersion } from './shared';
import { CannotRunError, EXIT, USAGE, UsageError } from './usage';

const OPTIONS = {
  json: { type: 'boolean' },
  format: { type: 'string' },
  all: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  model: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  threshold: { type: 'string' },
  labels: { type: 'string' },
  'fail-on': { type: 'string' },
  language: { type: 'string' },
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
  'no-english-only': { type: 'boolean' },
  data: { type: 'string' },
  'check-set': { type: 'string' },
  docs: { type: 'string' },
  novels: { type: 'string' },
  'speed-only': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  'max-file-size': { type: 'string' },
  version: { type: 'boolean', short: 'V' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    // parseArgs explains at length; its first sentence is the point
    throw new UsageError((e as Error).message.split('. ')[0].replace(/\.$/, ''));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  if (values.version) {
    process.stdout.write(`emotion-lens ${packageVersion()}\n`);
    return EXIT.ok;
  }
  switch (command) {
    case 'classify':
      if (rest.length) throw new UsageError('classify reads stdin and takes no FILE');
      if (values.format && values.format !== 'json' && values.format !== 'text') throw new UsageError('classify writes text or --json');
      return classifyCommand({ ...values, json: values.json || values.format === 'json' });
    case 'check':
      return checkCommand(values, rest);
    case 'commits':
      return commitsCommand(values, rest);
    case 'commit-msg':
      return commitMsgCommand(values, rest);
    case 'hook':
      return hookCommand(rest[0], values);
    case 'eval':
      return evalCommand(values);
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

// `emotion-lens check . | head` closes the pipe early: that is not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// a checking process of `check`/`commits` (bulk.ts): the same bundle, started with an IPC channel
const bulkWorker = process.argv[2] === BULK_WORKER_ARG && typeof process.send === 'function';
if (bulkWorker) runBulkWorker();
else main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    if (e instanceof UsageError) {
      process.stderr.write(`emotion-lens: ${e.message}\nRun "emotion-lens --help" for usage.\n`);
      process.exitCode = EXIT.usage;
    } else if (e instanceof ConfigError) {
      process.stderr.write(`emotion-lens: ${e.message}\n`);
      process.exitCode = EXIT.usage;
    } else if (e instanceof ModelError || e instanceof CannotRunError) {
      process.stderr.write(`emotion-lens: ${e.message}\n`);
      process.exitCode = EXIT.cannotRun;
    } else {
      // a bug or an environment failure: one line; the stack only when asked for
      process.stderr.write(`emotion-lens: ${(e as Error)?.message ?? e}${process.env.EMOTION_LENS_DEBUG ? `\n${(e as Error)?.stack}` : ' (EMOTION_LENS_DEBUG=1 shows the stack)'}\n`);
      process.exitCode = EXIT.cannotRun;
    }
  },
);
