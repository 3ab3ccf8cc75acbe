import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { removeTree } from '../../runtime/sys/remove-tree.js';
import { buildDepthLayers, depthDirName, depthMountOptions, fitsInOnePage, mountDepth, PAGE_BYTES } from './layer-depth.js';
import { mountsBelow, unmount } from './scratch.js';

test('500 layers with short relative names fit mount(2)\'s one-page option string; absolute scratch paths do not', (t) => {
  const opts = depthMountOptions(500);
  t.true(opts.startsWith('lowerdir=0:1:2:'));
  t.true(opts.endsWith(':498:499,upperdir=u,workdir=w'));
  t.true(fitsInOnePage(opts));
  t.true(Buffer.byteLength(opts) < 2048);
  const absolute = `lowerdir=${Array.from({ length: 500 }, (_, i) => `/var/tmp/isolab-bench-overlay-AbCdEf/depth/layers/${i}`).join(':')}`;
  t.false(fitsInOnePage(absolute));
});

test('fitsInOnePage counts the terminating NUL', (t) => {
  t.true(fitsInOnePage('x'.repeat(PAGE_BYTES - 1)));
  t.false(fitsInOnePage('x'.repeat(PAGE_BYTES)));
});

test('buildDepthLayers puts each depth\'s files in its lowest layer and its directory in every layer above', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isolab-depth-test-'));
  try {
    buildDepthLayers(dir, [1, 3], 2);
    t.deepEqual(fs.readdirSync(dir).sort(), ['0', '1', '2']);
    t.deepEqual(fs.readdirSync(path.join(dir, '0', depthDirName(1))).sort(), ['f000000', 'f000001']);
    t.deepEqual(fs.readdirSync(path.join(dir, '0', depthDirName(3))), []);
    t.deepEqual(fs.readdirSync(path.join(dir, '1', depthDirName(3))), []);
    t.deepEqual(fs.readdirSync(path.join(dir, '2', depthDirName(3))).sort(), ['f000000', 'f000001']);
    t.false(fs.existsSync(path.join(dir, '1', depthDirName(1))));
  } finally {
    removeTree(dir);
  }
});

test('a 500-layer mount made with relative names shows the lowest layer\'s files, and the cwd is restored', (t) => {
  const base = fs.mkdtempSync('/var/tmp/isolab-depth-test-');
  const layers = path.join(base, 'layers');
  const mnt = path.join(base, 'mnt');
  const cwd = process.cwd();
  try {
    buildDepthLayers(layers, [500], 3);
    fs.mkdirSync(mnt);
    for (const x of ['u', 'w']) fs.mkdirSync(path.join(layers, x));
    t.is(mountDepth(layers, 500, mnt, 'u', 'w'), 'mount(2) relative');
    t.is(process.cwd(), cwd);
    t.deepEqual(fs.readdirSync(path.join(mnt, depthDirName(500))).sort(), ['f000000', 'f000001', 'f000002']);
    t.deepEqual(fs.readdirSync(mnt).sort(), [depthDirName(500)]);
  } finally {
    for (const m of mountsBelow(base)) unmount(m);
    removeTree(base);
  }
  t.deepEqual(mountsBelow(base), []);
});
