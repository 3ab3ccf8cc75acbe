// isolab bench: what isolation costs, measured with statistics and raw samples. One file
// per benchmark command: startup, overlay, cgroup, and all of them in a row.
import type { Command } from 'commander';
import { registerBenchAll } from './bench-all.js';
import { registerBenchCgroup } from './bench-cgroup.js';
import { registerBenchImage } from './bench-image.js';
import { registerBenchOverlay } from './bench-overlay.js';
import { registerBenchStartup } from './bench-startup.js';

/** Adds `isolab bench` and its benchmarks. */
export function registerBenchCommand(program: Command): void {
  const bench = program.command('bench').description('measure what isolation costs (statistics with raw samples)');
  registerBenchStartup(bench);
  registerBenchOverlay(bench);
  registerBenchCgroup(bench);
  registerBenchImage(bench);
  registerBenchAll(bench);
}
