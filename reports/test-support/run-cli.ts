// Runs the isolab CLI from source in a child process (so exit status, stdout and stderr
// are real), for the reports tests.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';

/** The project's root directory. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The command that runs the CLI from source (what ci/*.sh accept as ISOLAB_CMD). */
export const CLI_COMMAND = [process.execPath, '--import', 'tsx', fileURLToPath(new URL('cli-entry.ts', import.meta.url))];

/** What a CLI run produced. */
export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `isolab ...args` from source; never throws for a non-zero exit. */
export async function runIsolab(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const r = await execa(CLI_COMMAND[0]!, [...CLI_COMMAND.slice(1), ...args], {
    cwd: ROOT, reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', ...env }, extendEnv: true, timeout: 60_000,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
