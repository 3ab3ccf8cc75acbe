// Fake cgroupfs trees in a temp dir, for unit tests of the v1 and v2 drivers.
// They imitate what the kernel does on mkdir (interface files appear; on v2 only
// for controllers the parent delegates) and on rmdir (files go with the dir, a
// populated cgroup refuses). Processes are real pids written into cgroup.procs;
// settleFakeProcs() plays the kernel's part of dropping the dead ones.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import type { CgroupTreeHooks } from './cgroup-dirs.js';

/** A fake tree and the hooks a driver needs to act like the kernel on it. */
export interface FakeTree {
  /** Temp dir holding the tree. */
  base: string;
  hooks: CgroupTreeHooks;
  /** Remove the whole temp dir. */
  cleanup(): void;
}

/** Options for a fake cgroup2 tree. */
export interface FakeV2Options {
  /** Root cgroup.controllers; default cpu cpuset io memory pids. */
  controllers?: string[];
  /** Whether memory.swap.max exists (swap accounting); default true. */
  swap?: boolean;
  /** Whether cgroup.kill exists (Linux ≥ 5.14); default true. */
  kill?: boolean;
}

function writeAll(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}

function removeFilesUnlessPopulated(dir: string): void {
  let procs = '';
  try {
    procs = readFileSync(join(dir, 'cgroup.procs'), 'utf8');
  } catch {
    // no procs file: nothing to keep
  }
  if (procs.trim() !== '') return; // rmdir will fail, as the kernel's EBUSY would
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) unlinkSync(join(dir, entry.name));
  }
}

/** A fake cgroup2 mount: `base` is the root; new dirs get files for the controllers their parent delegates. */
export function makeFakeV2Tree(options: FakeV2Options = {}): FakeTree {
  const base = mkdtempSync(join(tmpdir(), 'isolab-fake-cgroup2-'));
  const controllers = options.controllers ?? ['cpu', 'cpuset', 'io', 'memory', 'pids'];
  writeAll(base, {
    'cgroup.controllers': controllers.join(' ') + '\n',
    'cgroup.subtree_control': '\n',
    'cgroup.procs': '',
    'cpu.stat': 'usage_usec 0\nuser_usec 0\nsystem_usec 0\n',
  });
  const afterMkdir = (dir: string): void => {
    const delegated = readFileSync(join(dirname(dir), 'cgroup.subtree_control'), 'utf8')
      .split(/\s+/)
      .filter((word) => word !== '')
      .map((word) => word.replace(/^[+]/, ''));
    const files: Record<string, string> = {
      'cgroup.controllers': delegated.join(' ') + '\n',
      'cgroup.subtree_control': '\n',
      'cgroup.procs': '',
      'cgroup.events': 'populated 0\nfrozen 0\n',
      'cgroup.freeze': '0\n',
      'cpu.stat': 'usage_usec 0\nuser_usec 0\nsystem_usec 0\n',
    };
    if (options.kill ?? true) files['cgroup.kill'] = '';
    if (delegated.includes('cpu')) {
      Object.assign(files, { 'cpu.max': 'max 100000\n', 'cpu.weight': '100\n' });
      files['cpu.stat'] += 'nr_periods 0\nnr_throttled 0\nthrottled_usec 0\n';
    }
    if (delegated.includes('cpuset')) Object.assign(files, { 'cpuset.cpus': '\n', 'cpuset.mems': '\n' });
    if (delegated.includes('memory')) {
      Object.assign(files, {
        'memory.max': 'max\n',
        'memory.current': '0\n',
        'memory.peak': '0\n',
        'memory.events': 'low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n',
      });
      if (options.swap ?? true) files['memory.swap.max'] = 'max\n';
    }
    if (delegated.includes('pids')) Object.assign(files, { 'pids.max': 'max\n', 'pids.current': '0\n', 'pids.events': 'max 0\n' });
    writeAll(dir, files);
  };
  return {
    base,
    hooks: { afterMkdir, beforeRmdir: removeFilesUnlessPopulated },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** A fake set of v1 hierarchies, one dir per entry of `hierarchies` (e.g. "cpu,cpuacct" for a comount). */
export interface FakeV1Tree extends FakeTree {
  /** Controller → mount point, as detectCgroupHost() would report. */
  mounts: Record<string, string>;
}

const V1_FILES: Record<string, Record<string, string>> = {
  cpu: { 'cpu.cfs_period_us': '100000\n', 'cpu.cfs_quota_us': '-1\n', 'cpu.shares': '1024\n', 'cpu.stat': 'nr_periods 0\nnr_throttled 0\nthrottled_time 0\n' },
  cpuacct: { 'cpuacct.usage': '0\n' },
  cpuset: { 'cpuset.cpus': '\n', 'cpuset.mems': '\n' },
  memory: {
    'memory.limit_in_bytes': '9223372036854771712\n',
    'memory.usage_in_bytes': '0\n',
    'memory.max_usage_in_bytes': '0\n',
    'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 0\n',
  },
  pids: { 'pids.max': 'max\n', 'pids.current': '0\n', 'pids.events': 'max 0\n' },
  freezer: { 'freezer.state': 'THAWED\n' },
};

/** Fake v1 hierarchies under one temp dir; `swap` adds memory.memsw.limit_in_bytes. */
export function makeFakeV1Tree(
  hierarchies: string[] = ['cpu', 'cpuacct', 'cpuset', 'memory', 'pids', 'freezer'],
  options: { swap?: boolean } = {},
): FakeV1Tree {
  const base = mkdtempSync(join(tmpdir(), 'isolab-fake-cgroup1-'));
  const mounts: Record<string, string> = {};
  const filesFor = (hierarchy: string): Record<string, string> => {
    const files: Record<string, string> = { 'cgroup.procs': '', tasks: '' };
    for (const controller of hierarchy.split(',')) Object.assign(files, V1_FILES[controller]);
    if (hierarchy.split(',').includes('memory') && options.swap) files['memory.memsw.limit_in_bytes'] = '9223372036854771712\n';
    return files;
  };
  for (const hierarchy of hierarchies) {
    const mount = join(base, hierarchy);
    mkdirSync(mount);
    writeAll(mount, filesFor(hierarchy));
    if (hierarchy.split(',').includes('cpuset')) writeAll(mount, { 'cpuset.cpus': '0-1\n', 'cpuset.mems': '0\n' });
    for (const controller of hierarchy.split(',')) mounts[controller] = mount;
  }
  const afterMkdir = (dir: string): void => {
    const hierarchy = relative(base, dir).split('/')[0] ?? basename(dir);
    writeAll(dir, filesFor(hierarchy));
  };
  return {
    base,
    mounts,
    hooks: { afterMkdir, beforeRmdir: removeFilesUnlessPopulated },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** Whether `pid` is alive (not gone, not a zombie): the kernel drops exited tasks from cgroup.procs. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Play the kernel for a fake cgroup dir: drop dead pids from cgroup.procs, refresh cgroup.events. */
export function settleFakeProcs(dir: string): void {
  const procsFile = join(dir, 'cgroup.procs');
  const alive = readFileSync(procsFile, 'utf8').split('\n').filter((line) => line !== '' && isAlive(Number(line)));
  writeFileSync(procsFile, alive.map((pid) => `${pid}\n`).join(''));
  let frozen = '0';
  try {
    frozen = readFileSync(join(dir, 'cgroup.freeze'), 'utf8').trim() === '1' ? '1' : '0';
  } catch {
    // v1 dir: no cgroup.freeze
  }
  try {
    readFileSync(join(dir, 'cgroup.events'));
    writeFileSync(join(dir, 'cgroup.events'), `populated ${alive.length > 0 ? 1 : 0}\nfrozen ${frozen}\n`);
  } catch {
    // v1 dir: no cgroup.events
  }
}
