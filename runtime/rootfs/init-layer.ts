// The per-container init layer: the files a container gets from its runtime, not its image.
// It sits between the image layers and the writable layer, so a commit of the writable
// layer never contains these files (unless the container rewrote them: commit filters
// INIT_LAYER_PATHS out explicitly).
import fs from 'node:fs';
import path from 'node:path';
import type { Spec } from '../spec/types.js';

/** Paths (relative to /) that the init layer provides; commit leaves them out. */
export const INIT_LAYER_PATHS = ['etc/hostname', 'etc/hosts', 'etc/resolv.conf', 'etc/mtab', '.isolabenv'] as const;

/** Mount points the runtime mounts over; present in the init layer so any image works. */
const MOUNT_POINTS = ['proc', 'sys', 'dev', 'etc'];

/** The text of /etc/hosts for a Spec. */
export function hostsFile(spec: Spec): string {
  const name = spec.hostname;
  const lines = [
    `127.0.0.1\tlocalhost${name ? `\t${name}` : ''}`,
    '::1\tlocalhost ip6-localhost ip6-loopback',
    ...(spec.isolab.extraHosts ?? []),
  ];
  return lines.join('\n') + '\n';
}

/** The text of /etc/resolv.conf: containers here have no network, so no nameserver by default. */
export function resolvConf(spec: Spec): string {
  return (spec.isolab.dns ?? []).map((ip) => `nameserver ${ip}\n`).join('') || '# isolab: no nameserver configured\n';
}

/** Writes the init layer for spec into dir (which must not exist). */
export function writeInitLayer(dir: string, spec: Spec): void {
  fs.mkdirSync(dir);
  for (const m of MOUNT_POINTS) fs.mkdirSync(path.join(dir, m), { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'etc/hostname'), `${spec.hostname ?? 'localhost'}\n`);
  fs.writeFileSync(path.join(dir, 'etc/hosts'), hostsFile(spec));
  fs.writeFileSync(path.join(dir, 'etc/resolv.conf'), resolvConf(spec));
  fs.symlinkSync('/proc/mounts', path.join(dir, 'etc/mtab'));
  fs.writeFileSync(path.join(dir, '.isolabenv'), '');
}
