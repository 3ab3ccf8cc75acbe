import { readFile } from 'node:fs/promises';
import test from 'ava';
import { listsFilesystem, readOverlayFeatures } from './overlay-features.js';

test('finds a filesystem in /proc/filesystems text, nodev or not', (t) => {
  const text = 'nodev\tsysfs\nnodev\toverlay\n\text4\n';
  t.true(listsFilesystem(text, 'overlay'));
  t.true(listsFilesystem(text, 'ext4'));
  t.false(listsFilesystem(text, 'overlayfs'));
});

test('an old kernel gets neither fsconfig nor lowerdir+, even with overlay', async (t) => {
  const features = await readOverlayFeatures('5.1.0');
  t.false(features.newMountApi);
  t.false(features.lowerdirPlus);
  t.is(features.maxLowerLayers, 500);
});

test('overlay availability follows /proc/filesystems on this host', async (t) => {
  const listed = (await readFile('/proc/filesystems', 'utf8')).includes('\toverlay\n');
  t.is((await readOverlayFeatures('6.18.0')).available, listed);
});
