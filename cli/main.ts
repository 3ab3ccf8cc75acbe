// The isolab CLI: a thin layer over the library, one file per command.
import { Command } from 'commander';
import { registerCommands } from './commands.js';
import { wasInterrupted } from './interrupt.js';

/** Parses argv and runs the chosen command; sets process.exitCode. */
export async function runCli(argv: string[]): Promise<void> {
  const program = new Command();
  program
    .name('isolab')
    .description('Testing and benchmarking harness for Linux container isolation')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  try {
    await program.parseAsync(argv);
  } catch (err: unknown) {
    const code = (err as { exitCode?: number }).exitCode;
    if (typeof code === 'number' && (err as { code?: string }).code?.startsWith('commander.')) {
      process.exitCode = code;
      return;
    }
    if (wasInterrupted()) {
      process.stderr.write('isolab: interrupted; the containers were stopped and removed\n');
      return;
    }
    process.stderr.write(`isolab: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
  }
}
