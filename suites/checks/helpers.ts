// Small helpers shared by the check files.
import fs from 'node:fs';
import type { NsName } from '../../runtime/spec/namespaces.js';
import { HOST_RUNTIME } from '../matrix/cell-def.js';
import type { Cell } from '../matrix/materialize.js';
import type { Expectation } from '../matrix/expectations.js';
import type { TryResult } from './types.js';

/** The part of a try result worth keeping as evidence. */
export function tried(r: TryResult): { ok: boolean; error: string | null } {
  return { ok: r.ok, error: r.error };
}

/** Skip reason for checks that change things: never run them as a plain host process. */
export function notOnHost(what: string): (cell: Cell) => string | undefined {
  return (cell) => (cell.runtime === HOST_RUNTIME ? `not run in the host control: it would ${what} on the host itself` : undefined);
}

/** Skip reason for checks that script several probes: the image needs /bin/sh. */
export function needsShell(cell: Cell): string | undefined {
  return cell.spec.isolab.rootfs.layers.some((l) => fs.existsSync(`${l}/bin/sh`)) ? undefined : 'the image has no /bin/sh (the default image gets busybox when the host has a static one)';
}

/** Expectation: isolated when any of the namespaces is on (each alone protects the host). */
export function isolatedWithAny(...ns: NsName[]): (cell: Cell) => Expectation {
  return (cell) => (ns.some((n) => cell.ns.includes(n)) ? 'isolated' : 'shared');
}

/** Expectation: isolated only when every one of the namespaces is on. */
export function isolatedWithAll(...ns: NsName[]): (cell: Cell) => Expectation {
  return (cell) => (ns.every((n) => cell.ns.includes(n)) ? 'isolated' : 'shared');
}

/** The first n items, and how many there were. */
export function brief<T>(list: readonly T[], n = 12): { count: number; first: T[] } {
  return { count: list.length, first: list.slice(0, n) };
}

/** Host processes whose argv is exactly argv (from /proc/PID/cmdline); zombies excluded. */
export function hostPidsWithArgv(argv: readonly string[]): number[] {
  const want = argv.join('\0') + '\0';
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd !== want && !cmd.endsWith(`/${want}`)) continue;
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z') out.push(Number(d));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** Sleeps ms milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
