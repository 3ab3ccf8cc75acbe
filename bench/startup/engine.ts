// docker and podman: `<engine> run --rm --network none` with the same limits, on an image
// imported from the default image's rootfs (there is no registry here). Measured only
// when the engine answers; the client's own start is part of what a user pays.
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { execa } from 'execa';
import { findOnPath } from '../../runtime/host/runtime-probes.js';
import { ensureDefaultImage } from '../../runtime/rootfs/default-image.js';
import type { Availability, StartupRuntime } from './adapter.js';
import { STARTUP_LIMITS } from './bench-spec.js';
import { makeScratchDir, removeScratchDir, timeFirstInstruction, timePlain } from './plain-timing.js';

type Engine = 'docker' | 'podman';

interface EngineCtx {
  engine: string;
  image: string;
  dir: string;
  stampFile: string;
}

const firstLine = (s: string) => s.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';

async function available(engine: Engine): Promise<Availability> {
  const bin = await findOnPath(engine);
  if (!bin) return { ok: false, reason: `${engine} is not installed` };
  const info = await execa(bin, ['info', '--format', engine === 'docker' ? '{{.ServerVersion}}' : '{{.Version.Version}}'], {
    reject: false, timeout: 10_000, stdin: 'ignore', all: true,
  });
  if (info.failed) return { ok: false, reason: `${engine} info failed (is the engine running?): ${firstLine(String(info.all ?? '')) || info.shortMessage}` };
  return { ok: true, version: firstLine(String(info.stdout)) };
}

const runArgs = (c: EngineCtx, workload: string) => [
  c.engine, 'run', '--rm', '--network', 'none', '--cpus', String(STARTUP_LIMITS.cpus),
  '--memory', String(STARTUP_LIMITS.memoryBytes), '--pids-limit', String(STARTUP_LIMITS.pids), c.image, '/usr/bin/probe', workload,
];

function engineRuntime(name: Engine): StartupRuntime<EngineCtx> {
  return {
    name,
    describe: `${name} run --rm --network none (its default namespaces, limits 1 CPU/256 MiB/256 pids), probe exit`,
    available: () => available(name),
    async prepare() {
      const engine = await findOnPath(name);
      if (!engine) throw new Error(`${name} is not on PATH`);
      const rootfs = ensureDefaultImage();
      // Our own tag (random): cleanup removes it, and must never remove another run's image.
      const image = `isolab-bench-probe:${createHash('sha256').update(rootfs).digest('hex').slice(0, 8)}-${randomBytes(4).toString('hex')}`;
      await execa('tar', ['-C', rootfs, '-c', '.']).pipe(engine, ['import', '-', image]);
      const dir = makeScratchDir(name);
      return { engine, image, dir, stampFile: path.join(dir, 'stamp.json') };
    },
    async once(c, settle) {
      await settle();
      const startToExitNs = await timePlain(name, runArgs(c, 'exit'));
      await settle();
      return { startToExitNs, startToFirstInstructionNs: await timeFirstInstruction(name, runArgs(c, 'stamp'), c.stampFile) };
    },
    async cleanup(c) {
      removeScratchDir(c.dir);
      await execa(c.engine, ['rmi', '--force', c.image], { reject: false });
    },
  };
}

/** Docker (dockerd must be running; start it with --bridge=none --iptables=false here). */
export const dockerRuntime = engineRuntime('docker');
/** Podman (rootful). */
export const podmanRuntime = engineRuntime('podman');
