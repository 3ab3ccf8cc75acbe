// LauncherClient: talks to one long-lived isolab-launcher, which starts containers on request.
// One launcher serves the whole isolab process, so a container start costs no Node spawn.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { ContainerError, launchFailure } from './errors.js';
import { launcherBinary } from './paths.js';
import { encodeRequest, type LaunchRequest, type LauncherEvent } from './protocol.js';

export type StartedEvent = Extract<LauncherEvent, { event: 'started' }>;
export type ExitedEvent = Extract<LauncherEvent, { event: 'exited' }>;

/** A promise with its resolve and reject. */
interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

interface Pending {
  started: Deferred<StartedEvent>;
  exited: Deferred<ExitedEvent>;
}

function resolvers<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  promise.catch(() => undefined); // a start failure is reported through `started`
  return { promise, resolve, reject };
}

/** isolab's own stdio fds, handed to the launcher as its fds 3, 4, 5 where they are open. */
function hostStdio(): ('ignore' | number)[] {
  return [0, 1, 2].map((fd) => {
    try {
      fs.fstatSync(fd);
      return fd;
    } catch {
      return 'ignore';
    }
  });
}

/** A connection to one isolab-launcher process. */
export class LauncherClient {
  private static instance: LauncherClient | undefined;
  private readonly proc: ChildProcess;
  private readonly pending = new Map<string, Pending>();
  private readonly ready: Promise<void>;
  private buffered = '';
  private dead: Error | undefined;

  /** The launcher shared by everything in this process, started on first use. */
  static shared(): LauncherClient {
    if (!LauncherClient.instance || LauncherClient.instance.dead) LauncherClient.instance = new LauncherClient();
    return LauncherClient.instance;
  }

  constructor(binary = launcherBinary()) {
    if (!fs.existsSync(binary)) {
      throw new ContainerError({ step: 'launcher', path: binary, message: `the isolab launcher is not built (${binary}): run npm install (it compiles runtime/native with cc)` });
    }
    this.proc = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit', ...hostStdio()] });
    const ready = resolvers<void>();
    this.ready = ready.promise;
    this.proc.stdout!.setEncoding('utf8');
    this.proc.stdout!.on('data', (chunk: string) => this.onData(chunk, ready.resolve));
    this.proc.on('error', (err) => this.onDeath(err, ready.reject));
    this.proc.on('exit', (code, signal) => this.onDeath(new Error(`isolab-launcher exited (${signal ?? `code ${code}`})`), ready.reject));
    this.proc.stdin!.on('error', () => undefined); // reported through 'exit'
    this.idle();
  }

  /**
   * Starts a container; resolves once its workload has been exec'ed, with the start
   * event and a promise of its exit (which may already have happened).
   */
  async start(req: LaunchRequest): Promise<{ started: StartedEvent; exited: Promise<ExitedEvent> }> {
    if (this.pending.has(req.id)) throw new Error(`container id ${req.id} is already in use`);
    if (this.dead) throw this.dead;
    const p: Pending = { started: resolvers(), exited: resolvers() };
    this.pending.set(req.id, p);
    this.busy(); // before any await: an unref'ed launcher would let Node exit mid-start
    try {
      await this.ready;
    } catch (err) {
      this.settle(req.id);
      throw err;
    }
    this.proc.stdin!.write(encodeRequest(req));
    return { started: await p.started.promise, exited: p.exited.promise };
  }

  /** The launcher's pid (for the on-disk intent log). */
  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Stops the launcher; it kills every container it still runs. */
  close(): void {
    this.proc.stdin!.end();
  }

  private onData(chunk: string, onReady: () => void): void {
    this.buffered += chunk;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      const ev = JSON.parse(line) as LauncherEvent;
      if (ev.event === 'ready') {
        onReady();
        continue;
      }
      const p = this.pending.get(ev.id);
      if (!p) continue;
      if (ev.event === 'started') p.started.resolve(ev);
      else if (ev.event === 'failed') {
        p.started.reject(launchFailure(ev));
        this.settle(ev.id);
      } else if (ev.event === 'exited') {
        p.exited.resolve(ev);
        this.settle(ev.id);
      }
    }
  }

  private settle(id: string): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.idle();
  }

  private onDeath(err: Error, rejectReady: (e: unknown) => void): void {
    if (this.dead) return;
    this.dead = err;
    rejectReady(err);
    for (const p of this.pending.values()) {
      p.started.reject(err);
      p.exited.reject(err);
    }
    this.pending.clear();
  }

  // An idle launcher must not keep isolab alive; one with containers in flight must.
  private busy(): void {
    this.proc.ref();
    (this.proc.stdout as unknown as { ref?: () => void }).ref?.();
  }

  private idle(): void {
    this.proc.unref();
    (this.proc.stdout as unknown as { unref?: () => void }).unref?.();
    (this.proc.stdin as unknown as { unref?: () => void }).unref?.();
  }
}
