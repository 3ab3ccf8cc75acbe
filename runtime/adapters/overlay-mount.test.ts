// The host-side overlay mount of runc/crun rootfs: mount(2) for short option strings, the
// new mount API (lowerdir+) when the layers overflow a page.
import test from 'ava';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MNT_DETACH, umount2 } from '../sys/libc.js';
import { mountOverlay, overlayOptions } from './overlay-mount.js';

test('the option string lists lower layers topmost first, then upper and work', (t) => {
  t.is(overlayOptions({ lower: ['/a', '/b'], upper: '/u', work: '/w' }), 'lowerdir=/a:/b,upperdir=/u,workdir=/w');
  t.is(overlayOptions({ lower: ['/a', '/b'] }), 'lowerdir=/a:/b');
});

function layers(root: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = path.join(root, `layer-with-a-rather-long-directory-name-${String(i).padStart(4, '0')}`);
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(d, 'which'), String(i));
    fs.writeFileSync(path.join(d, `only-${i}`), '');
    out.push(d);
  }
  return out;
}

for (const n of [3, 200]) {
  test(`${n} lower layers mount${n > 50 ? ' (beyond one page of options)' : ''} with the topmost layer winning`, (t) => {
    if (process.getuid?.() !== 0) {
      t.log('skipped: mounting overlayfs needs root');
      return t.pass();
    }
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'isolab-overlay-'));
    const target = path.join(root, 'merged');
    fs.mkdirSync(target);
    fs.mkdirSync(path.join(root, 'upper'));
    fs.mkdirSync(path.join(root, 'work'));
    try {
      const lower = layers(root, n).reverse(); // topmost first
      const l = { lower, upper: path.join(root, 'upper'), work: path.join(root, 'work') };
      t.is(Buffer.byteLength(overlayOptions(l)) >= 4096, n > 50);
      mountOverlay(target, l);
      try {
        t.is(fs.readFileSync(path.join(target, 'which'), 'utf8'), String(n - 1));
        t.true(fs.existsSync(path.join(target, 'only-0')), 'the lowest layer is visible');
        fs.writeFileSync(path.join(target, 'new'), 'x');
        t.true(fs.existsSync(path.join(root, 'upper', 'new')), 'writes go to the upper layer');
      } finally {
        umount2(target, MNT_DETACH);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
}

test('a read-only overlay (no upper layer) refuses writes', (t) => {
  if (process.getuid?.() !== 0) {
    t.log('skipped: mounting overlayfs needs root');
    return t.pass();
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'isolab-overlay-'));
  const target = path.join(root, 'merged');
  fs.mkdirSync(target);
  try {
    mountOverlay(target, { lower: layers(root, 2) });
    try {
      t.throws(() => fs.writeFileSync(path.join(target, 'new'), 'x'), { code: 'EROFS' });
    } finally {
      umount2(target, MNT_DETACH);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
