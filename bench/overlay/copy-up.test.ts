// Real overlays on this host's disk (as root).
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { mountOverlay } from '../../runtime/adapters/overlay-mount.js';
import { assertCopiedUp, copyUpOpId, copyUpWorkload } from './copy-up.js';
import { timeFirstWrite, writeDataFile } from './node-ops.js';
import { makeScratch, mountsBelow, removeScratch, unmount } from './scratch.js';
import { overlaySettings } from './settings.js';

test('the first write into a lower-layer file copies it whole into the upper layer; the lower file is untouched', (t) => {
  const s = makeScratch('/var/tmp');
  try {
    const [lower, upper, work, mnt] = ['lower', 'upper', 'work', 'mnt'].map((d) => path.join(s.root, d)) as [string, string, string, string];
    for (const d of [lower, upper, work, mnt]) fs.mkdirSync(d);
    writeDataFile(path.join(lower, 'f'), 256 * 1024);
    mountOverlay(mnt, { lower: [lower], upper, work });
    t.throws(() => assertCopiedUp(upper, 'f', 256 * 1024), { message: /f is not in the upper layer/ });
    t.true(timeFirstWrite(path.join(mnt, 'f')) > 0);
    assertCopiedUp(upper, 'f', 256 * 1024);
    t.is(fs.readFileSync(path.join(upper, 'f'))[0], 'x'.charCodeAt(0));
    t.is(fs.readFileSync(path.join(lower, 'f'))[0], 0x5a);
    unmount(mnt);
  } finally {
    t.deepEqual(removeScratch(s), []);
  }
  t.false(fs.existsSync(s.root));
});

test('a copy-up round gives one sample per size and side, and leaves no mount or upper layer behind', async (t) => {
  const s = makeScratch('/var/tmp');
  try {
    const w = copyUpWorkload(s, overlaySettings({ copyUpSizes: [64 * 1024, 128 * 1024] }));
    const r = await w.round(0, 'plain');
    t.deepEqual(r.samples.map((x) => `${x.op}/${x.side}`).sort(), [
      `${copyUpOpId(128 * 1024)}/overlay`, `${copyUpOpId(128 * 1024)}/plain`, `${copyUpOpId(64 * 1024)}/overlay`, `${copyUpOpId(64 * 1024)}/plain`,
    ]);
    t.true(r.samples.every((x) => x.value > 0));
    t.deepEqual(mountsBelow(s.root), [s.root]); // only the private bind of the directory itself
    t.deepEqual(fs.readdirSync(path.join(s.root, 'copy-up')).sort(), ['lower', 'mnt', 'plain']);
  } finally {
    t.deepEqual(removeScratch(s), []);
  }
});
