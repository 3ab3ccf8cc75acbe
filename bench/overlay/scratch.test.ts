import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { mountOverlay } from '../../runtime/adapters/overlay-mount.js';
import { collectStaleScratch, makeScratch, mountsBelow, removeScratch, SCRATCH_PREFIX } from './scratch.js';

const PARENT = '/var/tmp';

test('a scratch directory left by a dead owner is unmounted and removed; a live owner\'s is kept', (t) => {
  const dead = makeScratch(PARENT);
  const live = makeScratch(PARENT);
  try {
    // pid 2**22 + 1 is above any pid_max: no such process
    fs.writeFileSync(path.join(dead.root, 'owner.json'), JSON.stringify({ pid: 2 ** 22 + 1, startTime: 1 }));
    const [lower, upper, work, mnt] = ['l', 'u', 'w', 'm'].map((d) => path.join(dead.root, d)) as [string, string, string, string];
    for (const d of [lower, upper, work, mnt]) fs.mkdirSync(d);
    mountOverlay(mnt, { lower: [lower], upper, work });
    t.deepEqual(mountsBelow(dead.root), [mnt, dead.root]); // the overlay, and the private bind of the directory itself
    const removed = collectStaleScratch(PARENT);
    t.true(removed.includes(dead.root));
    t.false(removed.includes(live.root));
    t.false(fs.existsSync(dead.root));
    t.true(fs.existsSync(live.root));
    t.deepEqual(mountsBelow(dead.root), []);
  } finally {
    removeScratch(dead);
    removeScratch(live);
  }
});

test('scratch directories are named for isolab, record their owner and are private mounts', (t) => {
  const s = makeScratch(PARENT);
  try {
    t.true(path.basename(s.root).startsWith(SCRATCH_PREFIX));
    const line = fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').find((l) => l.split(' ')[4] === s.root);
    t.truthy(line);
    t.false(/ shared:\d+/.test(line!.split(' - ')[0]!)); // no peer group: nothing propagates out
    t.is((JSON.parse(fs.readFileSync(path.join(s.root, 'owner.json'), 'utf8')) as { pid: number }).pid, process.pid);
  } finally {
    t.deepEqual(removeScratch(s), []);
  }
  t.deepEqual(mountsBelow(s.root), []);
});
