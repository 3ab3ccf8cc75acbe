// Measurements of unpack and commit against GNU tar on the same many-small-files layer,
// for the benchmarks to call (bench/ renders them). GNU tar runs as a process, so the
// median cost of spawning one (/bin/true) is measured too and subtracted from its samples.
// Runs are interleaved (isolab and GNU tar alternate which goes first), and the ratio is
// of the medians. The targets: unpack within 1.5× of `tar -x`, commit within 2×
// of `tar -c`. GNU tar reads and writes no xattrs unless asked, while a layer must carry
// them: with `xattrs: true` GNU tar runs with --xattrs, the like-for-like comparison.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { removeTree } from '../sys/remove-tree.js';
import { commitLayer } from './commit-layer.js';
import { unpackLayer } from './unpack-layer.js';

const run = promisify(execFile);

/** One comparison: raw samples in milliseconds, and the median ratio isolab / GNU tar. */
export interface TarComparison {
  operation: 'unpack' | 'commit';
  files: number;
  bytesPerFile: number;
  /** isolab's samples (unpackLayer or commitLayer), ms. */
  isolabMs: number[];
  /** GNU tar's samples with the spawn overhead subtracted, ms. */
  gnuTarMs: number[];
  /** Median time to spawn /bin/true from Node, subtracted from each GNU tar sample, ms. */
  spawnOverheadMs: number;
  /** median(isolab) / median(GNU tar): above 1 means isolab is slower. */
  ratio: number;
  /** min(isolab) / min(GNU tar): the ratio on the quietest runs, less disturbed by other load. */
  minRatio: number;
  /** GNU tar ran with --xattrs (and --xattrs-include='*'). */
  gnuXattrs: boolean;
}

/** Options of the comparisons. */
export interface TarBenchOptions {
  files?: number;
  bytesPerFile?: number;
  runs?: number;
  /** Where to work; default the OS temp dir. Removed afterwards. */
  workDir?: string;
  /** Let GNU tar handle xattrs too (--xattrs --xattrs-include='*'), as a layer needs; default false (plain tar -c / -x). */
  xattrs?: boolean;
}

/** Runs of each side unless told otherwise: at least 7, odd so the median is a sample. */
export const DEFAULT_RUNS = 9;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** A tree of `files` small files, 100 per directory. */
function makeTree(dir: string, files: number, bytes: number): void {
  const data = Buffer.alloc(bytes, 0x61);
  for (let i = 0; i < files; i++) {
    const d = path.join(dir, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, `f${i}`), data);
  }
}

async function spawnOverhead(): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < 20; i++) xs.push(await timed(() => run('/bin/true')));
  return median(xs);
}

async function compare(operation: TarComparison['operation'], o: TarBenchOptions, step: (work: string, i: number) => { isolab: () => Promise<unknown>; gnu: () => Promise<unknown>; reset: () => void }): Promise<TarComparison> {
  const files = o.files ?? 10_000;
  const bytesPerFile = o.bytesPerFile ?? 100;
  const work = fs.mkdtempSync(path.join(o.workDir ?? os.tmpdir(), `isolab-bench-${operation}-`));
  try {
    makeTree(path.join(work, 'src'), files, bytesPerFile);
    await run('tar', ['-cf', path.join(work, 'layer.tar'), '-C', path.join(work, 'src'), '.']);
    const overhead = await spawnOverhead();
    const isolabMs: number[] = [];
    const gnuTarMs: number[] = [];
    for (let i = 0; i < (o.runs ?? DEFAULT_RUNS); i++) {
      const s = step(work, i);
      // Alternate which goes first, so neither always gets the warmer cache.
      if (i % 2 === 0) {
        isolabMs.push(await timed(s.isolab));
        gnuTarMs.push(Math.max(0, (await timed(s.gnu)) - overhead));
      } else {
        gnuTarMs.push(Math.max(0, (await timed(s.gnu)) - overhead));
        isolabMs.push(await timed(s.isolab));
      }
      s.reset();
      await run('sync'); // flush this run's writes, so they do not slow the next one down
    }
    return {
      operation, files, bytesPerFile, isolabMs, gnuTarMs, spawnOverheadMs: overhead,
      ratio: median(isolabMs) / median(gnuTarMs), minRatio: Math.min(...isolabMs) / Math.min(...gnuTarMs), gnuXattrs: o.xattrs ?? false,
    };
  } finally {
    removeTree(work);
  }
}

const xattrFlags = (o: TarBenchOptions): string[] => (o.xattrs ? ['--xattrs', '--xattrs-include=*'] : []);

/** unpackLayer vs `tar -xpf` (as root: owners kept) of the same many-small-files tar. */
export function benchUnpack(o: TarBenchOptions = {}): Promise<TarComparison> {
  return compare('unpack', o, (work, i) => {
    const mine = path.join(work, `mine-${i}`);
    const gnu = path.join(work, `gnu-${i}`);
    return {
      isolab: () => unpackLayer(path.join(work, 'layer.tar'), mine),
      gnu: async () => {
        fs.mkdirSync(gnu);
        await run('tar', [...xattrFlags(o), '-xpf', path.join(work, 'layer.tar'), '-C', gnu]);
      },
      reset: () => {
        removeTree(mine);
        removeTree(gnu);
      },
    };
  });
}

/** commitLayer vs `tar -cf` of the same many-small-files directory. */
export function benchCommit(o: TarBenchOptions = {}): Promise<TarComparison> {
  return compare('commit', o, (work, i) => {
    const mine = path.join(work, `mine-${i}.tar`);
    const gnu = path.join(work, `gnu-${i}.tar`);
    return {
      isolab: () => commitLayer(path.join(work, 'src'), mine),
      gnu: () => run('tar', [...xattrFlags(o), '-cf', gnu, '-C', path.join(work, 'src'), '.']),
      reset: () => {
        fs.rmSync(mine, { force: true });
        fs.rmSync(gnu, { force: true });
      },
    };
  });
}

/** Both comparisons, unpack then commit, with the same options. */
export async function benchTarComparisons(o: TarBenchOptions = {}): Promise<TarComparison[]> {
  return [await benchUnpack(o), await benchCommit(o)];
}
