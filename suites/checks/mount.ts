// Mount namespace: mounts do not cross between container and host in either direction,
// the old root is unreachable (the chroot escape fails), and mount propagation is private.
import fs from 'node:fs';
import path from 'node:path';
import { MNT_DETACH, mount, umount2 } from '../../runtime/sys/libc.js';
import { HOST_RUNTIME } from '../matrix/cell-def.js';
import { brief, isolatedWithAny, needsShell, notOnHost, sleep } from './helpers.js';
import { isolated, observationError, shared, type Check, type TryResult } from './types.js';

/** Host mount points (as the host sees them) whose source is `source`. */
function hostMountsWithSource(source: string): string[] {
  return fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n')
    .map((l) => l.split(' - '))
    .filter((p) => p[1]?.split(' ')[1] === source)
    .map((p) => p[0]!.split(' ')[4]!.replace(/\\040/g, ' '));
}

/** Detaches every host mount with this source (what a leaked mount left). */
function detachAll(source: string): void {
  for (const m of hostMountsWithSource(source).reverse()) {
    try {
      umount2(m, MNT_DETACH);
    } catch {
      /* gone already */
    }
  }
}

/** Waits (up to 3 s) for a file the container creates, seen through /proc/PID/root. */
async function waitForFile(file: string): Promise<boolean> {
  for (let i = 0; i < 1500; i++) {
    if (fs.existsSync(file)) return true;
    await sleep(2);
  }
  return false;
}

/** A shell loop that waits (up to 3 s) for the host's go-ahead file. */
const awaitGo = (file: string) => `i=0; while [ ! -e ${file} ] && [ $i -lt 1500 ]; do usleep 2000; i=$((i+1)); done`;

const insideInvisible: Check = {
  id: 'mount-inside-invisible',
  area: 'mount',
  description: 'a tmpfs mounted inside (with CAP_SYS_ADMIN) does not appear in the host mount table while the container runs',
  // In a user namespace without its own mount namespace the container may not mount at all.
  expected: isolatedWithAny('mnt', 'user'),
  canRun: (cell) => notOnHost('mount on the host')(cell) ?? needsShell(cell),
  async run(ctx) {
    const name = `isolab-inside-${ctx.sentinels.token}-${Math.random().toString(36).slice(2, 8)}`;
    let seenOnHost: string[] = [];
    let sawDone = false;
    try {
      // Mount, say so in a file (in the new tmpfs, or in /tmp when the mount failed), and
      // stay until the host has looked: a runtime detaches a shared rootfs when it exits.
      // (On a directory of its own: the host cannot create files in a tmpfs of another user namespace.)
      const script = `mkdir /tmp/${name}; probe try mount ${name} /tmp/${name} tmpfs size=64k; touch /tmp/.${name}-done; ${awaitGo(`/tmp/.${name}-go`)}`;
      const r = await ctx.run(['sh', '-c', script], {
        addCaps: ['CAP_SYS_ADMIN'],
        onStarted: async (c) => {
          const tmp = `/proc/${c.pid}/root/tmp`;
          sawDone = await waitForFile(path.join(tmp, `.${name}-done`));
          seenOnHost = hostMountsWithSource(name);
          fs.writeFileSync(path.join(tmp, `.${name}-go`), '');
        },
      });
      const out = JSON.parse(r.stdout.trim().split('\n')[0] || '{}') as Partial<TryResult>;
      const evidence = { mountInside: { ok: out.ok ?? null, error: out.error ?? null }, hostMountPoints: seenOnHost };
      if (!sawDone || out.ok === undefined) return observationError({ ...evidence, stdout: r.stdout.slice(0, 300), stderr: r.stderr.slice(0, 300) });
      if (seenOnHost.length > 0) return shared(evidence);
      return out.ok || out.error === 'EPERM' ? isolated(evidence) : observationError(evidence);
    } finally {
      detachAll(name);
    }
  },
};

const hostInvisible: Check = {
  id: 'mount-host-invisible',
  area: 'mount',
  description: "a tmpfs the host mounts into the container's root (via /proc/PID/root) after start is not seen inside",
  canRun: (cell) => notOnHost('mount on the host')(cell) ?? needsShell(cell),
  async run(ctx) {
    const name = `isolab-hostmnt-${ctx.sentinels.token}`;
    const marker = 'host-mounted-this';
    let hostMount: { ok: boolean; error?: string } = { ok: false, error: 'not attempted' };
    try {
      // The container waits (up to 3 s) for the host's go-ahead file, then lists the directory.
      const script = `${awaitGo(`/tmp/.${name}-go`)}; probe ls /tmp/${name}`;
      const r = await ctx.run(['sh', '-c', script], {
        onStarted: (c) => {
          const root = `/proc/${c.pid}/root/tmp`;
          fs.mkdirSync(path.join(root, name), { mode: 0o755 });
          try {
            mount(name, path.join(root, name), 'tmpfs', 0, 'size=64k,mode=755');
            fs.writeFileSync(path.join(root, name, marker), 'host\n');
            hostMount = { ok: true };
          } catch (err) {
            hostMount = { ok: false, error: (err as { code?: string }).code ?? String(err) };
          }
          fs.writeFileSync(path.join(root, `.${name}-go`), '');
        },
        inspect: () => detachAll(name),
      });
      const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ok?: boolean; entries?: { name: string }[] };
      const names = (out.entries ?? []).map((e) => e.name);
      const evidence = { hostMount, seenInside: names };
      if (out.ok === undefined) return observationError({ ...evidence, stdout: r.stdout.slice(0, 500), stderr: r.stderr.slice(0, 500) });
      return names.includes(marker) ? shared(evidence) : isolated(evidence);
    } finally {
      detachAll(name);
    }
  },
};

const chrootEscape: Check = {
  id: 'mount-chroot-escape',
  area: 'mount',
  description: 'the chdir("..") chroot escape does not reach a root above the container\'s',
  canRun: notOnHost('chroot on the host'),
  async run(ctx) {
    const { out } = await ctx.probe<TryResult & { escaped: boolean; root_entries: string[] }>(['try', 'chroot-escape']);
    const evidence = { escaped: out.escaped, step: out.step, error: out.error, rootAfterEscape: brief(out.root_entries ?? []) };
    return out.escaped ? shared(evidence) : isolated(evidence);
  },
};

/** Whether the host's own root mount is in a shared peer group (systemd hosts: yes). */
function hostRootPropagates(): boolean {
  const root = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').find((l) => l.split(' ')[4] === '/');
  return /\s(shared|master):\d+/.test(root?.split(' - ')[0] ?? '');
}

const propagation: Check = {
  id: 'mount-propagation-private',
  area: 'mount',
  description: "no mount in the container is in a shared peer group, so nothing mounted inside propagates out (slave mounts, which only receive, are listed in the evidence)",
  canRun(cell) {
    if (cell.runtime === HOST_RUNTIME) return notOnHost('read host mounts')(cell);
    if (!cell.ns.includes('mnt') && !hostRootPropagates()) {
      return "the host's own mounts are private here, so a container sharing its mount namespace shows no peer group either: the leak cannot be observed on this host";
    }
    return undefined;
  },
  async run(ctx) {
    const { out } = await ctx.probe<{ mounts: { target: string; propagation: string }[] }>(['mounts']);
    const propagating = out.mounts.filter((m) => /shared:/.test(m.propagation)).map((m) => `${m.target} ${m.propagation}`);
    const slaves = out.mounts.filter((m) => /master:/.test(m.propagation) && !/shared:/.test(m.propagation)).map((m) => `${m.target} ${m.propagation}`);
    const evidence = { mounts: out.mounts.length, propagating: brief(propagating), receivingOnly: brief(slaves) };
    return propagating.length ? shared(evidence) : isolated(evidence);
  },
};

/** The mount namespace checks. */
export const MOUNT_CHECKS: readonly Check[] = [insideInvisible, hostInvisible, chrootEscape, propagation];
