// The init layer: /etc/hostname and /etc/hosts come from the runtime (not the image, not
// the host), a container's write to them lands in its writable layer, and a commit of
// that layer leaves every INIT_LAYER_PATHS file out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INIT_LAYER_PATHS } from '../../runtime/rootfs/init-layer.js';
import { LAYERED } from '../images/test-images.js';
import { needsShell, notOnHost, tried } from './helpers.js';
import { isolated, notApplicable, observationError, shared, type Check, type CheckContext, type TryResult } from './types.js';

interface StatOut { ok: boolean; error: string | null; dev?: number; ino?: number }
interface CatOut { ok: boolean; error: string | null; content?: string }

function initFileCheck(file: '/etc/hostname' | '/etc/hosts', imageMarker: string): Check {
  return {
    id: `init-${path.basename(file)}`,
    area: 'init-layer',
    description: `${file} comes from the init layer: neither the host's file nor the image's`,
    async run(ctx) {
      const [{ out: st }, { out: cat }] = [await ctx.probe<StatOut>(['stat', file]), await ctx.probe<CatOut>(['cat', file])];
      const host = fs.statSync(file, { throwIfNoEntry: false });
      const content = cat.content ?? '';
      const isHostFile = !!host && st.dev === host.dev && st.ino === host.ino;
      const isImageFile = content.includes(imageMarker);
      const evidence = { content: content.slice(0, 200), inode: st.ok ? `${st.dev}:${st.ino}` : st.error, hostInode: host ? `${host.dev}:${host.ino}` : null, isHostFile, isImageFile };
      if (!st.ok || !cat.ok) return observationError(evidence);
      return isHostFile || isImageFile ? shared(evidence) : isolated(evidence);
    },
  };
}

const writeLandsInUpper: Check = {
  id: 'init-write-in-writable-layer',
  area: 'init-layer',
  description: "a write to /etc/hostname inside lands in the writable layer (which a commit must filter: INIT_LAYER_PATHS), the image's file is untouched",
  expected: () => 'isolated',
  noControl: 'no runtime setting sends init-layer writes elsewhere, and the host control would overwrite the host\'s /etc/hostname',
  canRun: (cell) => notOnHost("overwrite the host's /etc/hostname")(cell) ?? (cell.spec.isolab.rootfs.writable === false ? 'the rootfs has no writable layer' : undefined),
  async run(ctx) {
    const text = `isolab-written-${ctx.sentinels.token}`;
    const imageBefore = imageHostnames(ctx);
    let upperDir: string | undefined;
    let upperText: string | null = null;
    let upperInitPaths: string[] = [];
    const { out } = await ctx.probe<TryResult>(['try', 'write', '/etc/hostname', text], {
      inspect: (c) => {
        upperDir = c.upperDir;
        if (!c.upperDir) return;
        upperInitPaths = INIT_LAYER_PATHS.filter((p) => fs.existsSync(path.join(c.upperDir!, p)));
        upperText = fs.existsSync(path.join(c.upperDir, 'etc/hostname')) ? fs.readFileSync(path.join(c.upperDir, 'etc/hostname'), 'utf8') : null;
      },
    });
    const imageUntouched = JSON.stringify(imageHostnames(ctx)) === JSON.stringify(imageBefore);
    const evidence = { write: tried(out), upperHasIt: upperText === text, initLayerPathsInUpper: upperInitPaths, imageUntouched };
    if (!upperDir) return observationError({ ...evidence, reason: 'the runtime did not report its writable layer (upperDir)' });
    if (!out.ok && ctx.cell.ns.includes('user') && (out.error === 'EACCES' || out.error === 'EPERM')) return notApplicable(UNWRITABLE_IN_USERNS, evidence);
    if (!out.ok) return observationError(evidence);
    // docker bind-mounts its own /etc/hostname over the rootfs: the write lands outside the
    // overlay, which keeps both the image and the writable layer free of it.
    const outsideOverlay = upperText === null && upperInitPaths.length === 0;
    return imageUntouched && (upperText === text || outsideOverlay) ? isolated({ ...evidence, landed: outsideOverlay ? 'outside the overlay (a bind mount)' : 'writable layer' }) : shared(evidence);
  },
};

/** The /etc/hostname files of the image's layers (to see that none was written). */
function imageHostnames(ctx: CheckContext): (string | null)[] {
  return ctx.cell.spec.isolab.rootfs.layers.map((l) => {
    const p = path.join(l, 'etc/hostname');
    return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null;
  });
}

/** Why the write checks cannot ask their question in some user namespace cells. */
const UNWRITABLE_IN_USERNS =
  "the container's root cannot write /etc/hostname: in this user namespace the runtime's init layer belongs to an unmapped host uid (EACCES); a runtime that owns it to the mapped root allows the write";

const COMMIT_MODULE = fileURLToPath(new URL('../../runtime/image/commit-layer.ts', import.meta.url));

type CommitLayer = (upperDir: string, out: string, opts: { exclude?: readonly string[] }) => Promise<unknown>;

/** commitLayer from runtime/image, when that module exists in this tree. */
async function loadCommitLayer(): Promise<CommitLayer | undefined> {
  const js = COMMIT_MODULE.replace(/\.ts$/, '.js');
  if (!fs.existsSync(COMMIT_MODULE) && !fs.existsSync(js)) return undefined;
  const spec = '../../runtime/image/commit-layer.js'; // a variable: the module may not exist at build time
  const mod = (await import(spec)) as { commitLayer?: CommitLayer };
  return mod.commitLayer;
}

/** Names of the entries of an (uncompressed) tar file. */
async function tarNames(file: string): Promise<string[]> {
  const { extract } = await import('tar-stream');
  const ex = extract();
  const names: string[] = [];
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (h, stream, next) => {
      names.push(h.name.replace(/^\.?\//, ''));
      stream.on('end', next);
      stream.resume();
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  fs.createReadStream(file).pipe(ex);
  await done;
  return names;
}

const commitExcludes: Check = {
  id: 'init-commit-excludes',
  area: 'init-layer',
  description: "a commit of the writable layer contains none of the init layer's files, even after the container wrote to them",
  expected: () => 'isolated',
  noControl: 'the exclusion is the commit\'s, not the runtime\'s: no cell turns it off',
  canRun(cell) {
    if (!fs.existsSync(COMMIT_MODULE) && !fs.existsSync(COMMIT_MODULE.replace(/\.ts$/, '.js'))) return 'runtime/image/commit-layer.ts does not exist yet: there is no commit to check';
    if (cell.spec.isolab.rootfs.writable === false) return 'the rootfs has no writable layer';
    return notOnHost('write /etc files of the host')(cell) ?? needsShell(cell);
  },
  async run(ctx) {
    const commitLayer = await loadCommitLayer();
    if (!commitLayer) return observationError({ reason: 'runtime/image/commit-layer has no commitLayer export' });
    const tar = path.join(os.tmpdir(), `isolab-commit-${ctx.sentinels.token}-${Math.random().toString(36).slice(2)}.tar`);
    const kept = `tmp/isolab-kept-${ctx.sentinels.token}`;
    // Rewrites two init-layer files and creates one ordinary file that the commit must keep.
    const script = `echo keep > /${kept} && echo rewritten > /etc/hostname && echo '127.0.0.1 rewritten' >> /etc/hosts`;
    let names: string[] | undefined;
    let upperDir: string | undefined;
    try {
      const r = await ctx.run(['sh', '-c', script], {
        inspect: async (c) => {
          upperDir = c.upperDir;
          if (!c.upperDir) return;
          await commitLayer(c.upperDir, tar, { exclude: INIT_LAYER_PATHS });
          names = await tarNames(tar);
        },
      });
      const leaked = (names ?? []).filter((n) => INIT_LAYER_PATHS.some((p) => n === p || n === `${path.dirname(p)}/.wh.${path.basename(p)}`));
      const evidence = { exitCode: r.exitCode, entries: names?.length ?? null, keptFileCommitted: names?.includes(kept) ?? false, initLayerEntries: leaked };
      if (!upperDir) return observationError({ ...evidence, reason: 'the runtime did not report its writable layer (upperDir)' });
      if (r.exitCode !== 0 && ctx.cell.ns.includes('user') && /Permission denied|Operation not permitted/.test(r.stderr)) return notApplicable(UNWRITABLE_IN_USERNS, { ...evidence, stderr: r.stderr.slice(0, 200) });
      if (r.exitCode !== 0 || !names?.includes(kept)) return observationError({ ...evidence, stderr: r.stderr.slice(0, 300) });
      return leaked.length ? shared(evidence) : isolated(evidence);
    } finally {
      fs.rmSync(tar, { force: true });
    }
  },
};

/** The init layer checks. */
export const INIT_LAYER_CHECKS: readonly Check[] = [
  initFileCheck('/etc/hostname', LAYERED.imageHostname),
  initFileCheck('/etc/hosts', LAYERED.imageHostsLine),
  writeLandsInUpper,
  commitExcludes,
];
