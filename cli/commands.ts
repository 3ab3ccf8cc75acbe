// The list of isolab commands; each lives in its own file.
import type { Command } from 'commander';
import { registerBenchCommand } from './bench.js';
import { registerEnvCommand } from './env.js';
import { registerExecCommand } from './exec.js';
import { registerGcCommand } from './gc.js';
import { registerRunCommand } from './run.js';
import { registerSuiteCommand } from './suite.js';

/** Adds every isolab command to the program. */
export function registerCommands(program: Command): void {
  registerRunCommand(program);
  registerSuiteCommand(program);
  registerBenchCommand(program);
  registerExecCommand(program);
  registerEnvCommand(program);
  registerGcCommand(program);
}
