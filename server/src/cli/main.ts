/** The emotion-lens command line: classify, check, hook, eval. */
import { parseArgs } from 'util';
import { ModelError } from '../classifier/classifier';
import { checkCommand } from './check';
import { classifyCommand } from './classify';
import { evalCommand } from './eval';
import { HookError, hookCommand } from './hook';
import { USAGE, UsageError } from './usage';

const OPTIONS = {
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  model: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  threshold: { type: 'string' },
  'fail-on': { type: 'string' },
  language: { type: 'string' },
  data: { type: 'string' },
  'check-set': { type: 'string' },
  'speed-only': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  switch (command) {
    case 'classify':
      if (rest.length) throw new UsageError('classify reads stdin and takes no FILE');
      return classifyCommand(values);
    case 'check':
      return checkCommand(values, rest);
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    if (e instanceof UsageError) {
      process.stderr.write(`emotion-lens: ${e.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
    } else if (e instanceof ModelError || e instanceof HookError) {
      process.stderr.write(`emotion-lens: ${e.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`emotion-lens: ${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 1;
    }
  },
);
