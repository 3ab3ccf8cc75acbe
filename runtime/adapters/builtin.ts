// The built-in runtime as a RuntimeAdapter.
import { runContainer } from '../container/run-container.js';
import { readIsolabVersion } from '../host/isolab-version.js';
import type { Spec } from '../spec/types.js';
import type { AdapterResult, AdapterRunOptions, Availability, RuntimeAdapter } from './adapter.js';

/** Adapter of isolab's own runtime: every Spec isolab can validate, it can run. */
export class BuiltinAdapter implements RuntimeAdapter {
  readonly name = 'builtin';

  async available(): Promise<Availability> {
    if (process.getuid?.() !== 0) return { ok: false, reason: 'the built-in runtime needs root' };
    return { ok: true, version: await readIsolabVersion() };
  }

  unsupported(spec: Spec): string | undefined {
    const joined = spec.linux.namespaces.find((n) => n.path);
    return joined ? `joining an existing ${joined.type} namespace (linux.namespaces[].path) is not supported by the built-in runtime` : undefined;
  }

  async run(spec: Spec, opts: AdapterRunOptions = {}): Promise<AdapterResult> {
    const begin = performance.now();
    const upper = (c: { layout: { upper: string }; spec: Spec }) => ((c.spec.isolab.rootfs.writable ?? true) ? { upperDir: c.layout.upper } : {});
    const r = await runContainer(spec, {
      stdio: opts.stdio ?? 'capture',
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.onStarted ? { onStarted: (c) => opts.onStarted!({ id: c.id, pid: c.pid, ...upper(c) }) } : {}),
      ...(opts.inspect ? { inspect: (c) => opts.inspect!({ id: c.id, pid: c.pid, ...upper(c) }) } : {}),
    });
    return {
      runtime: this.name, id: r.id, exitCode: r.exitCode, signal: r.signal, oomKilled: r.oomKilled, timedOut: r.timedOut,
      stdout: r.stdout, stderr: r.stderr, durationMs: performance.now() - begin, phases: r.phases, cgroup: r.cgroup,
    };
  }
}
