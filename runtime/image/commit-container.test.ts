// commitContainer on the built-in runtime: the committed layer holds what the container
// changed (deletions as .wh. entries) and never the init layer's files, committing is
// reproducible, and a container of the new image sees what the committing container saw:
// after a rename of a lower directory, and with hardlinks broken and made across copy-up.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { runContainer } from '../container/run-container.js';
import { buildSpec } from '../spec/defaults.js';
import { buildImage } from './build-image.js';
import { commitContainer, commitWritableLayer } from './commit-container.js';
import type { CommittedLayer } from './commit-layer.js';
import { ImageError } from './errors.js';
import { ensureDefaultStoreImage, imageLayerDirs } from './image-rootfs.js';
import { defaultImageHasShell, listingScript, listInside, newStore, probeCat } from './image-test-support.js';
import type { ImageStore } from './store.js';
import { readTar } from './test-support.js';

const canRun = process.getuid?.() === 0 && defaultImageHasShell();
const shellTest = canRun ? test : test.skip;
if (!canRun) test('commit tests', (t) => void (t.log('skipped: needs root and a static busybox in the default image (install busybox-static)'), t.pass()));

/** A store with the default image and, on it, /data with a file, a subdirectory and a hardlink pair. */
async function baseImage(store: ImageStore): Promise<string> {
  const base = await ensureDefaultStoreImage(store);
  await buildImage(store, {
    from: base.name,
    layers: [{ ops: [
      { mkdir: '/data' }, { add: '/data/a', content: 'a' }, { add: '/data/keep', content: 'keep' },
      { mkdir: '/data/dir' }, { add: '/data/dir/x', content: 'x' }, { mkdir: '/data/dir/sub' }, { add: '/data/dir/sub/y', content: 'y' },
      { add: '/data/h1', content: 'linked' }, { hardlink: '/data/h2', target: '/data/h1' },
    ] }],
  }, 'test/base');
  return 'test/base';
}

/** Runs a shell script on an image and commits it; the listing of /data it printed last is returned with the result. */
async function commitScript(store: ImageStore, image: string, script: string, name: string, extra: { sourceDateEpoch?: number } = {}) {
  const spec = buildSpec({ args: ['sh', '-c', `${script}\n${listingScript('/data')}`], layers: imageLayerDirs(store, image) });
  const r = await commitContainer(spec, { store, image, name, ...extra });
  return { ...r, sawInside: r.run.stdout.trimEnd().split('\n') };
}

shellTest('a commit holds the deletions as .wh. entries and none of the init layer\'s files, even rewritten', async (t) => {
  const { store } = newStore(t);
  const image = await baseImage(store);
  const r = await commitScript(store, image, 'rm /data/a && echo new > /data/new && echo mine > /etc/hostname && rm /etc/hosts && echo x > /etc/resolv.conf && echo n > /etc/app.conf', 'test/committed');
  t.is(r.run.exitCode, 0, r.run.stderr);
  const names = (await readTar(fs.readFileSync(store.blobPath(r.layer.digest)))).map((e) => e.name);
  t.true(names.includes('data/.wh.a'), 'the deletion is a whiteout entry');
  t.true(names.includes('data/new'));
  t.true(names.includes('etc/app.conf'), 'other files in /etc are committed');
  for (const n of ['etc/hostname', 'etc/hosts', 'etc/resolv.conf', 'etc/.wh.hostname', 'etc/.wh.hosts', 'etc/.wh.resolv.conf', 'etc/mtab', '.isolabenv']) t.false(names.includes(n), `${n} is not in the layer`);
  t.deepEqual(r.image.layers, [...store.getImage(image)!.layers, r.layer.diffId], 'the parent\'s layers and the new one');
  t.is(await probeCat(store, 'test/committed', '/etc/hostname'), 'isolab\n', 'a new container has its own hostname file again');
  t.is(await probeCat(store, 'test/committed', '/data/a'), null);
  t.deepEqual(await listInside(store, 'test/committed', '/data'), r.sawInside, 'the new image shows what the container saw');
});

shellTest('committing the same container twice gives the same digest; so do two runs with a source date epoch', async (t) => {
  const { store, work } = newStore(t);
  const image = await baseImage(store);
  const commits: CommittedLayer[] = [];
  const spec = buildSpec({ args: ['sh', '-c', 'rm /data/a; mkdir -p /data/d/e; echo 1 > /data/d/e/f; echo h > /etc/hostname'], layers: imageLayerDirs(store, image) });
  const run = await runContainer(spec, {
    inspect: async (c) => {
      commits.push(await commitWritableLayer(c, path.join(work, 'one.tar')));
      commits.push(await commitWritableLayer(c, path.join(work, 'two.tar')));
    },
  });
  t.is(run.exitCode, 0, run.stderr);
  t.is(commits.length, 2);
  t.deepEqual(commits[1], commits[0]);
  t.true(fs.readFileSync(path.join(work, 'one.tar')).equals(fs.readFileSync(path.join(work, 'two.tar'))));
  const script = 'rm /data/a; echo 1 > /data/new; touch /data/keep';
  const first = await commitScript(store, image, script, 'test/e1', { sourceDateEpoch: 1_000_000 });
  await new Promise((resolve) => setTimeout(resolve, 1100)); // the second run's mtimes are a second later
  const second = await commitScript(store, image, script, 'test/e2', { sourceDateEpoch: 1_000_000 });
  t.is(second.layer.diffId, first.layer.diffId, 'clamped mtimes: two runs of the same change give one layer');
  t.true(second.layer.reused);
});

shellTest('a renamed lower directory is committed so that the new image shows the rename', async (t) => {
  const { store } = newStore(t);
  const image = await baseImage(store);
  const r = await commitScript(store, image, 'mv /data/dir /data/moved && echo z > /data/moved/sub/z', 'test/renamed');
  t.is(r.run.exitCode, 0, r.run.stderr);
  t.true(r.sawInside.some((l) => l.startsWith('./moved/sub/y ')));
  t.false(r.sawInside.some((l) => l.startsWith('./dir')));
  t.deepEqual(await listInside(store, 'test/renamed', '/data'), r.sawInside);
});

shellTest('hardlinks across copy-up: a link broken by copy-up and one made after it are committed as the container saw them', async (t) => {
  const { store } = newStore(t);
  const image = await baseImage(store);
  // Appending to h1 copies it up alone (overlay index=off): h2 keeps the lower data. h3 is a new link to the copied-up h1.
  const r = await commitScript(store, image, 'echo more >> /data/h1 && ln /data/h1 /data/h3', 'test/links');
  t.is(r.run.exitCode, 0, r.run.stderr);
  const line = (name: string) => r.sawInside.find((l) => l.startsWith(`./${name} `));
  t.regex(line('h1') ?? '', / 2 11 /, 'h1 and h3: two links, the appended content (6 + 5 bytes)');
  // With overlay's inode index on, h2 would follow h1 (and a commit could not show it): docker mounts with index=off for that reason.
  if (fs.readFileSync('/sys/module/overlay/parameters/index', 'utf8').trim() === 'N') t.regex(line('h2') ?? '', / 6 d48e37bc19b9$/, 'h2 keeps the lower data: copy-up broke its link to h1');
  t.is(line('h3')?.slice(5), line('h1')?.slice(5));
  const tar = await readTar(fs.readFileSync(store.blobPath(r.layer.digest)));
  t.like(tar.find((e) => e.name === 'data/h3'), { type: 'link', linkname: 'data/h1' }, 'the new link is a hardlink entry');
  t.deepEqual(await listInside(store, 'test/links', '/data'), r.sawInside);
});

shellTest('a failing command commits nothing, and a container with a user namespace is refused', async (t) => {
  const { store } = newStore(t);
  const image = await baseImage(store);
  const before = store.listLayers();
  const spec = buildSpec({ args: ['sh', '-c', 'echo x > /data/x; exit 3'], layers: imageLayerDirs(store, image) });
  await t.throwsAsync(commitContainer(spec, { store, image, name: 'test/failed' }), { instanceOf: ImageError, message: /exited with 3: nothing was committed/ });
  t.deepEqual(store.listLayers(), before);
  t.is(store.getImage('test/failed'), undefined);
  const userns = buildSpec({ args: ['true'], layers: imageLayerDirs(store, image), ns: ['user', 'mnt', 'pid'] });
  await t.throwsAsync(commitContainer(userns, { store, image, name: 'test/userns' }), { instanceOf: ImageError, message: /user namespace cannot be committed/ });
  const ok = await commitContainer(spec, { store, image, commitOnFailure: true });
  t.regex(ok.image.name, /^isolab\/commit:[0-9a-f]{12}$/);
});
