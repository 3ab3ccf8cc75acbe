// isolab gc: remove what interrupted or crashed runs left behind.
import type { Command } from 'commander';
import { collectGarbage } from '../runtime/container/gc.js';
import { assertRequirements } from '../runtime/host/requirements.js';

/** Adds `isolab gc`. */
export function registerGcCommand(program: Command): void {
  program
    .command('gc')
    .description("remove containers (processes, mounts, cgroups, directories) left by isolab runs that are no longer alive")
    .option('--force', 'also remove containers of isolab processes that are still running')
    .option('--json', 'print the report as JSON')
    .action(async (o: { force?: boolean; json?: boolean }) => {
      await assertRequirements({ root: true });
      const report = await collectGarbage({ force: o.force ?? false });
      if (o.json) {
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      } else {
        for (const r of report.released) {
          process.stdout.write(`removed ${r.id}: ${r.killed} process(es) killed, ${r.cgroupsRemoved} cgroup(s), ${r.unmounted ? 'rootfs unmounted, ' : ''}directory ${r.dirRemoved ? 'removed' : 'already gone'}\n`);
        }
        for (const id of report.live) process.stdout.write(`kept ${id}: its isolab process is still running (use --force)\n`);
        for (const e of report.errors) process.stderr.write(`could not remove ${e.id}: ${e.message}\n`);
        if (report.released.length + report.live.length + report.errors.length === 0) process.stdout.write('nothing to remove\n');
      }
      if (report.errors.length) process.exitCode = 1;
    });
}
