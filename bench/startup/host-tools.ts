// Runtimes that are one host command started through the launcher: the floor (plain
// fork+exec of /bin/true, also the calibration of the measuring path), unshare(1) and
// bubblewrap. Each also runs the host's probe to time the first instruction.
import fs from 'node:fs';
import path from 'node:path';
import { launcherBinary, probeBinary } from '../../runtime/launcher/paths.js';
import { findOnPath, probeTool } from '../../runtime/host/runtime-probes.js';
import { ensureDefaultImage } from '../../runtime/rootfs/default-image.js';
import type { Availability, StartupRuntime } from './adapter.js';
import { makeScratchDir, removeScratchDir, timeFirstInstruction, timePlain, timePlainBothWays } from './plain-timing.js';

/** Binaries and a scratch dir for the stamp file. */
interface ToolCtx {
  tool: string;
  dir: string;
  stampFile: string;
  rootfs: string;
}

function nativeBuilt(): Availability | undefined {
  for (const f of [launcherBinary(), probeBinary()]) {
    if (!fs.existsSync(f)) return { ok: false, reason: `${f} is not built: run npm install (it compiles runtime/native)` };
  }
  if (process.getuid?.() !== 0) return { ok: false, reason: 'the launcher needs root' };
  return undefined;
}

async function toolAvailable(tool: 'unshare' | 'bwrap'): Promise<Availability> {
  const missing = nativeBuilt();
  if (missing) return missing;
  const probe = await probeTool(tool);
  if (!probe.present) return { ok: false, reason: `${tool} is not installed (not on PATH nor in the sbin/bin directories)` };
  if (probe.error) return { ok: false, reason: `${tool} --version failed: ${probe.error}` };
  return { ok: true, ...(probe.version ? { version: probe.version } : {}) };
}

async function prepareTool(name: string, tool: string, rootfs = ''): Promise<ToolCtx> {
  const found = tool.startsWith('/') ? tool : await findOnPath(tool);
  if (!found) throw new Error(`${name}: ${tool} is not on PATH`);
  const dir = makeScratchDir(name);
  return { tool: found, dir, stampFile: path.join(dir, 'stamp.json'), rootfs };
}

/** Plain fork+exec of /bin/true through the launcher: the floor of every figure, and the path's calibration. */
export const floorRuntime: StartupRuntime<ToolCtx> = {
  name: 'floor',
  describe: 'fork+exec of /bin/true by the launcher (no namespaces): the measuring path itself',
  available: async () => nativeBuilt() ?? { ok: true },
  prepare: () => prepareTool('floor', '/bin/true'),
  async once(c, settle) {
    await settle();
    const t = await timePlainBothWays('floor', [c.tool]);
    await settle();
    const first = await timeFirstInstruction('floor', [probeBinary(), 'stamp'], c.stampFile);
    return { startToExitNs: t.launcherNs, roundTripNs: t.nodeNs - t.launcherNs, startToFirstInstructionNs: first };
  },
  cleanup: async (c) => removeScratchDir(c.dir),
};

const UNSHARE_FLAGS = ['-p', '-f', '-m', '-u', '-i', '-n'];

/** unshare(1) with the pid, mount, uts, ipc and net namespaces, running /bin/true. */
export const unshareRuntime: StartupRuntime<ToolCtx> = {
  name: 'unshare',
  describe: `unshare ${UNSHARE_FLAGS.join(' ')} /bin/true (namespaces only: no rootfs, no cgroup)`,
  available: () => toolAvailable('unshare'),
  prepare: () => prepareTool('unshare', 'unshare'),
  async once(c, settle) {
    await settle();
    const startToExitNs = await timePlain('unshare', [c.tool, ...UNSHARE_FLAGS, '/bin/true']);
    await settle();
    return { startToExitNs, startToFirstInstructionNs: await timeFirstInstruction('unshare', [c.tool, ...UNSHARE_FLAGS, probeBinary(), 'stamp'], c.stampFile) };
  },
  cleanup: async (c) => removeScratchDir(c.dir),
};

const bwrapArgs = (c: ToolCtx, workload: string) => [
  c.tool, '--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-uts',
  '--ro-bind', c.rootfs, '/', '--proc', '/proc', '--dev', '/dev', '/usr/bin/probe', workload,
];

/** bubblewrap with pid, net, ipc, uts (and its own mount) namespaces over the default image, read-only. */
export const bwrapRuntime: StartupRuntime<ToolCtx> = {
  name: 'bwrap',
  describe: 'bwrap --unshare-pid,net,ipc,uts --ro-bind IMAGE / --proc --dev, probe exit (no cgroup)',
  available: () => toolAvailable('bwrap'),
  prepare: () => prepareTool('bwrap', 'bwrap', ensureDefaultImage()),
  async once(c, settle) {
    await settle();
    const startToExitNs = await timePlain('bwrap', bwrapArgs(c, 'exit'));
    await settle();
    return { startToExitNs, startToFirstInstructionNs: await timeFirstInstruction('bwrap', bwrapArgs(c, 'stamp'), c.stampFile) };
  },
  cleanup: async (c) => removeScratchDir(c.dir),
};
