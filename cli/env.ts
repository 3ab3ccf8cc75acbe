// `isolab env`: prints the host fingerprint that results files carry, as readable
// sections or, with --json, exactly as it is stored.
import type { Command } from 'commander';
import { collectFingerprint } from '../runtime/host/fingerprint.js';
import { renderFingerprint, shouldUseColor } from '../runtime/host/render-fingerprint.js';

/** Adds `isolab env [--json]` to the program. */
export function registerEnvCommand(program: Command): void {
  program
    .command('env')
    .description('Print the host fingerprint: kernel, distro, cgroups, overlayfs, namespaces, runtimes')
    .option('--json', 'print the fingerprint as JSON, as results files store it')
    .action(async (options: { json?: boolean }) => {
      const fingerprint = await collectFingerprint();
      const text = options.json
        ? `${JSON.stringify(fingerprint, null, 2)}\n`
        : renderFingerprint(fingerprint, { color: shouldUseColor(process.stdout) });
      process.stdout.write(text);
    });
}
