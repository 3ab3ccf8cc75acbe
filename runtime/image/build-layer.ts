// One layer of a build description as an OCI layer tar: the operations in their order,
// deletions as `.wh.NAME` entries and opaque directories as `DIR/.wh..wh..opq`, exactly as
// a layer from a registry would spell them. Operations that a layer tar cannot express the
// way they read are refused, naming the field: a hardlink to a file of another layer, a
// path under a file, a deletion of what the same layer added.
import fs from 'node:fs';
import { ImageError } from './errors.js';
import { opTarget, type LayerOp } from './image-description.js';
import { TarBatch } from './tar-batch.js';
import type { TarWriteEntry } from './tar-writer.js';
import { OPAQUE_MARKER, WHITEOUT_PREFIX } from './whiteout.js';

type Kind = 'file' | 'dir' | 'symlink' | 'whiteout';

const parentOf = (p: string): string => p.slice(0, Math.max(0, p.lastIndexOf('/')));
const baseOf = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const join = (dir: string, name: string): string => (dir === '' ? name : `${dir}/${name}`);

/** Writes layer `index`'s operations as a tar file at out; returns the number of entries. `what` names the description in errors. */
export function writeLayerTar(ops: readonly LayerOp[], index: number, mtime: number, out: string, what = 'build description'): number {
  const kinds = new Map<string, Kind>();
  const tar = new TarBatch();
  const field = (j: number, key: string): string => `layers[${index}].ops[${j}].${key}`;
  const refuse = (j: number, key: string, reason: string): never => {
    throw new ImageError({ step: 'build', entry: what, reason: `field ${field(j, key)}: ${reason}` });
  };
  const base = (name: string, type: TarWriteEntry['type'], o: { mode?: number | undefined; uid?: number | undefined; gid?: number | undefined }, dflt: number): TarWriteEntry => ({
    name, type, mode: o.mode ?? dflt, uid: o.uid ?? 0, gid: o.gid ?? 0, mtime, size: 0,
  });
  ops.forEach((op, j) => {
    const { kind: key, path: p } = opTarget(op);
    for (let d = parentOf(p); d !== ''; d = parentOf(d)) {
      const k = kinds.get(d);
      if (k === 'file' || k === 'symlink') refuse(j, key, `"/${d}" is a ${k} in this layer, so "/${p}" cannot be below it`);
    }
    if ('add' in op) {
      const data = Buffer.from(op.content, op.encoding === 'base64' ? 'base64' : 'utf8');
      tar.header({ ...base(p, 'file', op, 0o644), size: data.length });
      tar.push(data);
      tar.pad(data.length);
      kinds.set(p, 'file');
    } else if ('mkdir' in op) {
      tar.header(base(p, 'dir', op, 0o755));
      kinds.set(p, 'dir');
    } else if ('opaque' in op) {
      tar.header(base(p, 'dir', op, 0o755));
      tar.header(base(join(p, OPAQUE_MARKER), 'file', {}, 0o644));
      kinds.set(p, 'dir');
    } else if ('delete' in op) {
      const k = kinds.get(p);
      if (k !== undefined && k !== 'whiteout') refuse(j, key, `"/${p}" was added by this same layer, and a whiteout only hides the layers below; delete it in a later layer`);
      tar.header(base(join(parentOf(p), `${WHITEOUT_PREFIX}${baseOf(p)}`), 'file', {}, 0o644));
      kinds.set(p, 'whiteout');
    } else if ('symlink' in op) {
      tar.header({ ...base(p, 'symlink', op, 0o777), linkname: op.target });
      kinds.set(p, 'symlink');
    } else {
      if (kinds.get(op.target) !== 'file') refuse(j, 'target', `"/${op.target}" is not a file added earlier in this layer (a hardlink and its target must be in the same layer)`);
      if (op.target === p) refuse(j, 'target', 'a hardlink cannot point to itself');
      tar.header({ ...base(p, 'hardlink', {}, 0o644), linkname: op.target });
      kinds.set(p, 'file');
    }
  });
  tar.finish();
  const fd = fs.openSync(out, 'wx', 0o600);
  try {
    for (const b of tar.drain()) fs.writeSync(fd, b);
  } finally {
    fs.closeSync(fd);
  }
  return tar.entries;
}
