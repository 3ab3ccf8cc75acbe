import test from 'ava';
import { formatBytes, overlaySettings } from './settings.js';

const MiB = 2 ** 20;

test('quick mode uses small sizes; thorough mode reaches 1 GiB copy-ups and 500 layers', (t) => {
  const q = overlaySettings({ quick: true });
  t.deepEqual([q.seqMiB, q.files, q.copyUpSizes, q.rounds], [32, 1000, [MiB, 8 * MiB], 6]);
  const full = overlaySettings();
  t.is(full.copyUpSizes.at(-1), 1024 * MiB);
  t.deepEqual(full.depths, [1, 10, 100, 500]);
});

test('sizes are rounded up to whole MiB and lists are sorted and deduplicated', (t) => {
  const s = overlaySettings({ sizeBytes: 1.5 * MiB, depths: [100, 1, 100], copyUpSizes: [8 * MiB, MiB] });
  t.is(s.seqMiB, 2);
  t.deepEqual(s.depths, [1, 100]);
  t.deepEqual(s.copyUpSizes, [MiB, 8 * MiB]);
});

test('bad settings are refused naming the setting', (t) => {
  t.throws(() => overlaySettings({ depths: [501] }), { message: /depths: overlayfs takes at most 500 lower layers/ });
  t.throws(() => overlaySettings({ files: 0 }), { message: /^files:/ });
  t.throws(() => overlaySettings({ sizeBytes: 1000 }), { message: /^size: must be at least 1 MiB/ });
  t.throws(() => overlaySettings({ rounds: 1.5 }), { message: /^rounds:/ });
});

test('formatBytes names whole binary units', (t) => {
  t.is(formatBytes(MiB), '1 MiB');
  t.is(formatBytes(1024 * MiB), '1 GiB');
  t.is(formatBytes(64 * 1024), '64 KiB');
  t.is(formatBytes(1000), '1000 B');
});
