// The "host" control runtime: runs the workload as a plain host process — no namespaces,
// no rootfs, no init layer, no cgroup — and passes it an open host file descriptor, as a
// runtime that forgets to close them would (runc CVE-2024-21626). It isolates nothing,
// so every check run in it must report the leak; it exists for the checks that no switch
// of a real runtime turns off (fds, init layer). Only read-only checks run in it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { nativeBuildDir, probeBinary } from '../../runtime/launcher/paths.js';
import type { AdapterResult, AdapterRunOptions, Availability, RuntimeAdapter } from '../../runtime/adapters/adapter.js';
import type { Spec } from '../../runtime/spec/types.js';
import { HOST_RUNTIME } from '../matrix/cell-def.js';

/** The host file the control leaks into its workload as fd 3. */
export const LEAKED_HOST_FILE = '/etc/hostname';

/** A RuntimeAdapter that isolates nothing: the negative control of every check. */
export class HostControlAdapter implements RuntimeAdapter {
  readonly name = HOST_RUNTIME;

  async available(): Promise<Availability> {
    return fs.existsSync(probeBinary()) ? { ok: true, version: 'host' } : { ok: false, reason: `the probe is not built (${probeBinary()})` };
  }

  unsupported(): string | undefined {
    return undefined; // it ignores the Spec's isolation on purpose
  }

  async run(spec: Spec, opts: AdapterRunOptions = {}): Promise<AdapterResult> {
    const begin = performance.now();
    const [cmd, ...args] = spec.process.args;
    const file = cmd === 'probe' ? probeBinary() : cmd!;
    const leaked = fs.openSync(LEAKED_HOST_FILE, 'r');
    const id = `host-${randomBytes(4).toString('hex')}`;
    try {
      const env = Object.fromEntries(spec.process.env.map((e) => e.split(/=(.*)/s) as [string, string]));
      env.PATH = `${nativeBuildDir()}:${env.PATH ?? '/usr/bin:/bin'}`; // `probe` in scripts, as in the image
      const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe', leaked], env });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout!.on('data', (b: Buffer) => out.push(b));
      child.stderr!.on('data', (b: Buffer) => err.push(b));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, signal) => resolve({ code, signal }));
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      let timedOut = false;
      const timeoutMs = opts.timeoutMs ?? spec.isolab.timeoutMs;
      const timer = timeoutMs !== undefined ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs) : undefined;
      await opts.onStarted?.({ id, pid: child.pid! });
      const { code, signal } = await exited;
      clearTimeout(timer);
      await opts.inspect?.({ id, pid: child.pid! });
      return {
        runtime: this.name, id, exitCode: code, signal, oomKilled: false, timedOut,
        stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), durationMs: performance.now() - begin,
      };
    } finally {
      fs.closeSync(leaked);
    }
  }
}
