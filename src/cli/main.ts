/**
 * Potency Workbench command line: `npm run cli -- <command> [args]`.
 * Every command is a module in ./commands/<name>.ts exporting `run(args)` and `usage`;
 * all computation comes from src/core, so the CLI gives the same numbers as the browser.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args';

interface Command {
  usage: string;
  run(args: string[]): Promise<number>;
}

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

function available(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const names = available();
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log('usage: npm run cli -- <command> [options]\n\ncommands:');
    for (const n of names) {
      const cmd = (await import(join(commandsDir, `${n}.ts`))) as Command;
      console.log(`  ${cmd.usage}`);
    }
    return name ? 0 : 1;
  }
  if (!names.includes(name)) {
    console.error(`unknown command "${name}"; known: ${names.join(', ')}`);
    return 2;
  }
  const cmd = (await import(join(commandsDir, `${name}.ts`))) as Command;
  try {
    return await cmd.run(rest);
  } catch (err) {
    // A mistake in the command line: say what, show the command's usage, exit 2.
    if (!(err instanceof UsageError)) throw err;
    console.error(`${name}: ${err.message}\nusage: npm run cli -- ${cmd.usage}`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
