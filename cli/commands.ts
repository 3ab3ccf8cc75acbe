// The list of isolab commands; each lives in its own file.
import type { Command } from 'commander';
import { registerEnvCommand } from './env.js';
import { registerExecCommand } from './exec.js';
import { registerGcCommand } from './gc.js';

/** Adds every isolab command to the program. */
export function registerCommands(program: Command): void {
  registerExecCommand(program);
  registerEnvCommand(program);
  registerGcCommand(program);
}
