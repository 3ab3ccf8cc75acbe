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

/** One entry of an init layer, relative to its root. */
export type InitEntry =
  | { kind: 'dir'; path: string }
  | { kind: 'file'; path: string; content: string }
  | { kind: 'symlink'; path: string; target: string };

/** What the init layer of spec holds, in creation order (parents first). */
export function initLayerEntries(spec: Spec): InitEntry[] {
  return [
    ...MOUNT_POINTS.map((path) => ({ kind: 'dir' as const, path })),
    { kind: 'file', path: 'etc/hostname', content: `${spec.hostname ?? 'localhost'}\n` },
    { kind: 'file', path: 'etc/hosts', content: hostsFile(spec) },
    { kind: 'file', path: 'etc/resolv.conf', content: resolvConf(spec) },
    { kind: 'symlink', path: 'etc/mtab', target: '/proc/mounts' },
    { kind: 'file', path: '.isolabenv', content: '' },
  ];
}

/**
 * Writes the init layer for spec into dir (which must not exist). The built-in runtime
 * has its launcher make the same entries; other runtimes' bundles use this.
 */
export function writeInitLayer(dir: string, spec: Spec): void {
  fs.mkdirSync(dir, { mode: 0o755 });
  for (const e of initLayerEntries(spec)) {
    const p = path.join(dir, e.path);
    if (e.kind === 'dir') fs.mkdirSync(p, { mode: 0o755 });
    else if (e.kind === 'file') fs.writeFileSync(p, e.content, { mode: 0o644 });
    else fs.symlinkSync(e.target, p);
  }
}
