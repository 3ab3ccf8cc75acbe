// The list of isolab commands; each lives in its own file.
import type { Command } from 'commander';
import { registerBenchCommand } from './bench.js';
import { registerCommitCommand } from './commit.js';
import { registerCompareCommand } from './compare.js';
import { registerEnvCommand } from './env.js';
import { registerExecCommand } from './exec.js';
import { registerGateCommand } from './gate.js';
import { registerGcCommand } from './gc.js';
import { registerImageCommand } from './image.js';
import { registerReportCommand } from './report.js';
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
  registerImageCommand(program);
  registerCommitCommand(program);
  registerReportCommand(program);
  registerCompareCommand(program);
  registerGateCommand(program);
}
