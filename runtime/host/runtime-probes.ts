// Which container runtimes and workload tools are installed, and which versions.
// A missing tool, a tool that fails, and a tool that hangs are all answers, never
// exceptions: every probe resolves, and all of them run in parallel.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { PROBED_TOOLS, firstLine, parseToolVersion, type ToolName } from './tool-versions.js';

/** One tool found (or not) on PATH. */
export interface ToolProbe {
  /** An executable with this name was found. */
  present: boolean;
  /** Absolute path of the executable; null when absent. */
  path: string | null;
  /** Version parsed from `--version`; null when absent or unparseable. */
  version: string | null;
  /** First line of the `--version` output, verbatim; null when there was none. */
  banner: string | null;
  /** Further "key: value" lines of `--version` (runc, crun: commit, spec, libseccomp …). */
  details: Record<string, string>;
  /** Compile-time features listed by `--version` (crun: "+SYSTEMD", "-SELINUX" …). */
  features: string[];
  /** Why `--version` did not answer cleanly (timeout, exit code, spawn error); null when it did. */
  error: string | null;
}

/** Whether a Docker daemon answered `docker version --format '{{.Server.Version}}'`. */
export interface DockerServerProbe {
  /** The daemon answered within the time limit. */
  reachable: boolean;
  /** The daemon's version, e.g. "20.10.24+dfsg1"; null when unreachable. */
  version: string | null;
  /** First line of the client's complaint when unreachable (e.g. "Cannot connect to the Docker daemon …"). */
  error: string | null;
}

/** All probed tools; docker additionally carries its daemon (null when the client is absent). */
export type RuntimeProbes = Record<Exclude<ToolName, 'docker'>, ToolProbe> & {
  docker: ToolProbe & { server: DockerServerProbe | null };
};

/** Options for probing; the defaults are what `collectFingerprint()` uses. */
export interface ProbeOptions {
  /** PATH to search (default process.env.PATH); standard sbin/bin directories are searched after it. */
  pathEnv?: string;
  /** Time limit for each `--version` call (default 5000 ms). */
  timeoutMs?: number;
  /** Time limit for asking the Docker daemon (default 3000 ms). */
  dockerServerTimeoutMs?: number;
}

/** Searched after PATH: runc lives in /usr/sbin on Debian, which a user's PATH may lack. */
const STANDARD_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Finds an executable regular file called `name` on PATH (then the standard dirs); null if none. */
export async function findOnPath(name: string, pathEnv = process.env.PATH ?? ''): Promise<string | null> {
  const dirs = [...new Set([...pathEnv.split(delimiter).filter((dir) => dir.startsWith('/')), ...STANDARD_DIRS])];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      if ((await stat(candidate)).isFile()) {
        await access(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // Not here, or not executable: try the next directory.
    }
  }
  return null;
}

/** What a briefly-run command said: stdout alone, stdout and stderr interleaved, and why it failed. */
interface BriefRun {
  stdout: string;
  output: string;
  error: string | null;
}

/** Runs a command with a hard time limit; resolves with its output or why it failed, never rejects. */
async function runBriefly(file: string, args: string[], timeoutMs: number): Promise<BriefRun> {
  const subprocess = execa(file, args, {
    timeout: timeoutMs,
    forceKillAfterDelay: 500,
    reject: false,
    stdin: 'ignore',
    all: true,
    env: { LC_ALL: 'C' },
  });
  // Guard against a grandchild holding the output pipe open after the tool itself was killed.
  let guard: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<null>((resolve) => {
    guard = setTimeout(() => resolve(null), timeoutMs + 1500);
  });
  const result = await Promise.race([subprocess, gaveUp]);
  clearTimeout(guard);
  if (result === null) {
    subprocess.kill('SIGKILL');
    return { stdout: '', output: '', error: `did not finish within ${timeoutMs} ms` };
  }
  const stdout = typeof result.stdout === 'string' ? result.stdout : '';
  const output = typeof result.all === 'string' ? result.all : stdout;
  if (result.timedOut) return { stdout, output, error: `timed out after ${timeoutMs} ms` };
  if (result.failed) {
    const reason = result.exitCode !== undefined ? `exited with code ${result.exitCode}` : (result.shortMessage ?? 'failed');
    return { stdout, output, error: reason };
  }
  return { stdout, output, error: null };
}

/** Looks for one tool and asks it for its version. */
export async function probeTool(tool: ToolName, options: ProbeOptions = {}): Promise<ToolProbe> {
  const path = await findOnPath(tool, options.pathEnv);
  if (path === null) {
    return { present: false, path: null, version: null, banner: null, details: {}, features: [], error: null };
  }
  const { output, error } = await runBriefly(path, ['--version'], options.timeoutMs ?? 5000);
  const parsed = parseToolVersion(tool, output);
  return { present: true, path, version: parsed.version, banner: firstLine(output), details: parsed.details, features: parsed.features, error };
}

/** Asks the Docker daemon for its version through the client at `dockerPath`. */
export async function probeDockerServer(dockerPath: string, timeoutMs = 3000): Promise<DockerServerProbe> {
  const { stdout, output, error } = await runBriefly(dockerPath, ['version', '--format', '{{.Server.Version}}'], timeoutMs);
  const version = firstLine(stdout);
  if (error === null && version !== null) return { reachable: true, version, error: null };
  return { reachable: false, version: null, error: firstLine(output) ?? error };
}

/** Probes every tool in PROBED_TOOLS (and the Docker daemon) in parallel. */
export async function probeRuntimes(options: ProbeOptions = {}): Promise<RuntimeProbes> {
  const dockerServer = findOnPath('docker', options.pathEnv).then((path) =>
    path === null ? null : probeDockerServer(path, options.dockerServerTimeoutMs),
  );
  const [probes, server] = await Promise.all([Promise.all(PROBED_TOOLS.map((tool) => probeTool(tool, options))), dockerServer]);
  const byName = Object.fromEntries(PROBED_TOOLS.map((tool, index) => [tool, probes[index]])) as Record<ToolName, ToolProbe>;
  return { ...byName, docker: { ...byName.docker, server } };
}
