// Host sentinels: things on the host that a container must not see or reach — a process,
// SysV IPC objects and a POSIX queue with known keys, an abstract unix socket and a
// loopback TCP listener. Created once per suite run and removed after it; a record of
// them under the run root lets the next run remove what a crashed run left.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runRoot } from '../../runtime/launcher/paths.js';
import { createMqueue, createSysv, removeMqueue, removeSysv, type SysvObject } from './sysv-ipc.js';

/** What the host holds for the checks to (fail to) reach. */
export interface HostSentinels {
  /** Unique to this set; part of every name. */
  token: string;
  /** Host pid of a sentinel process. */
  pid: number;
  /** Key of a SysV shared memory segment, message queue and semaphore set (one key each kind). */
  ipcKey: number;
  /** A POSIX message queue ("/isolab-…"). */
  mqName: string;
  /** An abstract unix socket listener (name without the leading NUL). */
  abstractName: string;
  /** A TCP listener on 127.0.0.1. */
  tcpPort: number;
  /** Removes them all (idempotent). */
  close(): Promise<void>;
}

interface Record_ {
  pid: number;
  startTime: string;
  sysv: SysvObject[];
  mqueues: string[];
}

const ABSTRACT_NAME_LEN = 107; // sizeof(sun_path) - the leading NUL

const recordDir = () => path.join(runRoot(), 'suite-sentinels');

function startTimeOf(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function removeRecorded(r: Record_): void {
  for (const o of r.sysv) {
    try {
      removeSysv(o.kind, o.id);
    } catch {
      /* already gone or reused: nothing of ours to remove */
    }
  }
  for (const q of r.mqueues) {
    try {
      removeMqueue(q);
    } catch {
      /* gone */
    }
  }
  // The sentinel process is not killed from a record: it ends by itself when its isolab does
  // (stdin EOF), and its pid may belong to someone else by now.
}

/** Removes the sentinels of suite runs whose process is dead (a crash, a SIGKILL). */
export function removeStaleSentinels(): void {
  let files: string[] = [];
  try {
    files = fs.readdirSync(recordDir());
  } catch {
    return;
  }
  for (const f of files) {
    const file = path.join(recordDir(), f);
    try {
      const r = JSON.parse(fs.readFileSync(file, 'utf8')) as Record_;
      if (startTimeOf(r.pid) === r.startTime) continue; // that run is still going
      removeRecorded(r);
    } catch {
      /* unreadable record: drop it */
    }
    fs.rmSync(file, { force: true });
  }
}

function listen(server: net.Server, opts: net.ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function createSysvWithFreshKey(): { key: number; objects: SysvObject[] } {
  for (let attempt = 0; ; attempt++) {
    const key = randomInt(0x10000000, 0x7fffffff);
    const objects: SysvObject[] = [];
    try {
      for (const kind of ['shm', 'msg', 'sem'] as const) objects.push(createSysv(kind, key));
      return { key, objects };
    } catch (err) {
      for (const o of objects) removeSysv(o.kind, o.id);
      if (attempt > 5) throw err; // EEXIST five times running is not chance
    }
  }
}

/** Creates the host sentinels. */
export async function createHostSentinels(): Promise<HostSentinels> {
  removeStaleSentinels();
  const token = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const record: Record_ = { pid: process.pid, startTime: startTimeOf(process.pid) ?? '', sysv: [], mqueues: [] };
  fs.mkdirSync(recordDir(), { recursive: true, mode: 0o700 });
  const recordFile = path.join(recordDir(), `${token}.json`);
  const save = () => fs.writeFileSync(recordFile, JSON.stringify(record));
  const servers: net.Server[] = [];
  let child: ChildProcess | undefined;
  const close = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.ref(); // unref'd while it waits: the wait for its exit must keep isolab alive
      child.kill('SIGKILL');
      await exited;
    }
    removeRecorded(record);
    for (const s of servers) s.ref();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    fs.rmSync(recordFile, { force: true });
  };
  try {
    save();
    // A process that ends when isolab does: `cat` exits when its stdin (our pipe) closes.
    child = spawn('cat', [], { stdio: ['pipe', 'ignore', 'ignore'] });
    await new Promise<void>((resolve, reject) => {
      child!.once('spawn', resolve);
      child!.once('error', reject);
    });
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    const { key, objects } = createSysvWithFreshKey();
    record.sysv = objects;
    save();
    const mqName = `/isolab-${token}`;
    record.mqueues.push(mqName);
    save();
    createMqueue(mqName);
    // Node binds abstract names padded with NULs to the whole sun_path; a name of exactly
    // 107 bytes has no padding, so the probe's exact-length connect() finds it.
    const abstractName = `isolab-sentinel-${token}-`.padEnd(ABSTRACT_NAME_LEN, 'x');
    const unix = net.createServer((s) => s.destroy());
    servers.push(unix);
    await listen(unix, { path: `\0${abstractName}` });
    const tcp = net.createServer((s) => s.destroy());
    servers.push(tcp);
    await listen(tcp, { host: '127.0.0.1', port: 0 });
    for (const s of servers) s.unref();
    const tcpPort = (tcp.address() as net.AddressInfo).port;
    return { token, pid: child.pid!, ipcKey: key, mqName, abstractName, tcpPort, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
