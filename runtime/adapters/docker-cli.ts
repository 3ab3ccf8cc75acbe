// Running the docker CLI: the client binary, bounded in time, output as text.
import { execa } from 'execa';
import { findBinary } from './find-binary.js';

/** What one docker CLI call returned. */
export interface DockerOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** The docker client binary ($ISOLAB_DOCKER, else the first `docker` on PATH). */
export function dockerBinary(): string | undefined {
  return findBinary('docker', 'ISOLAB_DOCKER');
}

/** Options of one CLI call. */
export interface DockerCallOptions {
  /** Give up (SIGKILL the client) after this long; default 60 s. */
  timeoutMs?: number;
  /** Bytes or a file to feed on stdin. */
  input?: string | Buffer;
  inputFile?: string;
  /** Keep output byte for byte (default: the final newline is stripped). */
  raw?: boolean;
}

/** Runs `docker args…`; never throws for a non-zero exit (the caller reads exitCode). */
export async function docker(args: string[], o: DockerCallOptions = {}): Promise<DockerOutput> {
  const bin = dockerBinary();
  if (!bin) return { exitCode: 127, stdout: '', stderr: 'docker: not found on PATH', timedOut: false };
  const r = await execa(bin, args, {
    reject: false,
    timeout: o.timeoutMs ?? 60_000,
    ...(o.input !== undefined ? { input: o.input } : o.inputFile !== undefined ? { inputFile: o.inputFile } : { stdin: 'ignore' as const }),
    stripFinalNewline: !o.raw,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), timedOut: r.timedOut };
}

/** Whether a docker error says the engine cannot be reached at all. */
export function isEngineUnreachable(stderr: string): boolean {
  return /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|connection refused|no such file or directory.*docker\.sock/i.test(stderr);
}
