// execPlain: a host command started through the launcher with no namespaces and no rootfs.
// Benchmarks start other runtimes (runc, crun, bwrap …) this way, so that every runtime
// is measured through the same path as the built-in one, and `/bin/true` gives its floor.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { LauncherClient } from './client.js';
import type { MonotonicNs } from './protocol.js';

/** How a plain command ended, with the launcher's monotonic timestamps. */
export interface PlainResult {
  exitCode: number | null;
  signal: string | null;
  /** Launcher read the request. */
  received: MonotonicNs;
  /** execve succeeded. */
  started: MonotonicNs;
  /** The process was reaped. */
  exited: MonotonicNs;
}

/** Runs args on the host through the launcher; stdio to /dev/null unless given (paths or "@host"). */
export async function execPlain(args: string[], stdio: [string, string, string] = ['@null', '@null', '@null'], env: string[] = hostEnv()): Promise<PlainResult> {
  const id = `plain-${randomBytes(6).toString('hex')}`;
  const { started, exited } = await LauncherClient.shared().start({
    id, plain: true, ns: [], rootfs: '', lower: [], cwd: process.cwd(), args, env, cgroupProcs: [], uid: 0, gid: 0, stdio,
  });
  const e = await exited;
  const sig = e.signal !== undefined ? (Object.entries(os.constants.signals).find(([, v]) => v === e.signal)?.[0] ?? `SIG${e.signal}`) : null;
  return { exitCode: e.code ?? null, signal: sig, received: started.stamps.received ?? 0, started: started.stamps.started ?? 0, exited: e.t };
}

function hostEnv(): string[] {
  return Object.entries(process.env).map(([k, v]) => `${k}=${v ?? ''}`);
}
