// Interop with a real docker engine, both ways, when one answers (ci/start-dockerd.sh):
// an image isolab committed loads into docker, whose container sees exactly the files
// isolab's container saw; an image docker committed imports into isolab and runs on the
// built-in runtime with the same file set; and docker's own commit is checked like
// isolab's: whiteouts for deletions, none of the init layer's files.
import test, { type ExecutionContext } from 'ava';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { docker } from '../adapters/docker-cli.js';
import { buildSpec } from '../spec/defaults.js';
import { buildImage } from './build-image.js';
import { commitContainer } from './commit-container.js';
import { exportImage } from './export-image.js';
import { ensureDefaultStoreImage, imageLayerDirs } from './image-rootfs.js';
import { defaultImageHasShell, listingScript, listInside, newStore } from './image-test-support.js';
import { importImage } from './import-image.js';
import type { ImageStore } from './store.js';
import { readTar } from './test-support.js';

const INIT_FILES = ['etc/hostname', 'etc/hosts', 'etc/resolv.conf'];

/** Why the docker round trips cannot run here, or undefined when they can. */
async function cannotRun(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'needs root';
  if (!defaultImageHasShell()) return 'the default image has no shell (install busybox-static)';
  const info = await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 3000 });
  if (info.exitCode !== 0) return `no docker engine answered docker info within 3 s (${(info.stderr || 'timed out').split('\n')[0]}); start one with ci/start-dockerd.sh`;
  return undefined;
}

/** Runs body when a docker engine answers; otherwise logs why it is skipped. */
function withDocker(body: (t: ExecutionContext, tag: (what: string) => string) => Promise<void>) {
  return async (t: ExecutionContext) => {
    const why = await cannotRun();
    if (why) {
      t.log(`skipped: ${why}`);
      t.pass();
      return;
    }
    const id = randomBytes(4).toString('hex');
    const made: string[] = [];
    t.teardown(async () => {
      for (const c of made.filter((m) => !m.includes(':'))) await docker(['rm', '-f', c]);
      const images = made.filter((m) => m.includes(':'));
      if (images.length) await docker(['rmi', '-f', ...images]);
    });
    await body(t, (what) => {
      const name = what === 'container' ? `isolab-image-test-${id}-${made.length}` : `isolab/image-test-${what}-${id}:1`;
      made.push(name);
      return name;
    });
  };
}

async function dockerOk(t: ExecutionContext, args: string[], timeoutMs = 120_000): Promise<string> {
  const r = await docker(args, { timeoutMs });
  t.is(r.exitCode, 0, `docker ${args.slice(0, 3).join(' ')}: ${r.stderr}`);
  if (r.exitCode !== 0) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A base image in the store: the default image and /data with files, a directory and a hardlink pair. */
async function baseImage(store: ImageStore, name: string): Promise<void> {
  const base = await ensureDefaultStoreImage(store);
  await buildImage(store, {
    from: base.name,
    layers: [{ ops: [
      { mkdir: '/data' }, { add: '/data/a', content: 'a' }, { add: '/data/keep', content: 'keep' },
      { mkdir: '/data/dir' }, { add: '/data/dir/x', content: 'x' },
      { add: '/data/h1', content: 'linked' }, { hardlink: '/data/h2', target: '/data/h1' },
    ] }],
  }, name);
}

const CHANGES = 'rm /data/a && mv /data/dir /data/moved && echo new > /data/new && ln /data/keep /data/keep2 && echo mine > /etc/hostname';

test('isolab → docker: an image isolab committed loads into docker, whose container sees the same files', withDocker(async (t, tag) => {
  const { store, work } = newStore(t);
  const base = tag('base');
  await baseImage(store, base);
  const committed = tag('committed');
  const spec = buildSpec({ args: ['sh', '-c', `${CHANGES}\n${listingScript('/data')}`], layers: imageLayerDirs(store, base) });
  const r = await commitContainer(spec, { store, image: base, name: committed });
  const isolabSaw = r.run.stdout.trimEnd().split('\n');
  t.true(isolabSaw.includes('./moved d 755'));
  await exportImage(store, committed, { format: 'docker', out: path.join(work, 'committed.tar') });
  const loaded = await dockerOk(t, ['load', '-i', path.join(work, 'committed.tar')]);
  t.regex(loaded, new RegExp(`Loaded image: ${committed.replace(/[/.]/g, '\\$&')}`));
  const dockerSaw = (await dockerOk(t, ['run', '--rm', '--network', 'none', '--label', 'isolab.owner=image-test', committed, 'sh', '-c', listingScript('/data')])).trimEnd().split('\n');
  t.log(`docker ${(await docker(['version', '--format', '{{.Server.Version}}'])).stdout} saw:\n${dockerSaw.join('\n')}`);
  t.deepEqual(dockerSaw, isolabSaw, 'docker sees exactly what the committing isolab container saw');
  const hostname = await dockerOk(t, ['run', '--rm', '--network', 'none', '--hostname', 'dockerhost', committed, 'cat', '/etc/hostname']);
  t.is(hostname.trim(), 'dockerhost', 'the committed image carries no /etc/hostname of its own');
}));

test('docker → isolab: an image docker committed imports and runs on the built-in runtime with the same files; its layer has whiteouts and no init-layer files', withDocker(async (t, tag) => {
  const { store, work } = newStore(t);
  const base = tag('base');
  await baseImage(store, base);
  await exportImage(store, base, { format: 'docker', out: path.join(work, 'base.tar') });
  await dockerOk(t, ['load', '-i', path.join(work, 'base.tar')]);
  const container = tag('container');
  await dockerOk(t, ['run', '--network', 'none', '--name', container, '--label', 'isolab.owner=image-test', base, 'sh', '-c', CHANGES]);
  const committed = tag('docker-committed');
  await dockerOk(t, ['commit', container, committed]);
  await dockerOk(t, ['rm', container]);
  const dockerSaw = (await dockerOk(t, ['run', '--rm', '--network', 'none', '--label', 'isolab.owner=image-test', committed, 'sh', '-c', listingScript('/data')])).trimEnd().split('\n');
  await dockerOk(t, ['save', '-o', path.join(work, 'saved.tar'), committed]);
  const imported = await importImage(store, path.join(work, 'saved.tar'));
  t.is(imported.format, 'docker');
  t.is(imported.image.name, committed);
  t.deepEqual(imported.image.layers.slice(0, -1), store.getImage(base)!.layers, 'docker kept isolab\'s layers as they were');
  t.deepEqual(await listInside(store, committed, '/data'), dockerSaw, 'the built-in runtime shows what docker\'s container showed');
  const layer = await readTar(fs.readFileSync(store.blobPath(imported.image.blobs!.at(-1)!)));
  const names = layer.map((e) => e.name.replace(/^\.\//, '').replace(/\/$/, ''));
  t.log(`docker's committed layer: ${names.join(' ')}`);
  t.true(names.includes('data/.wh.a'), `docker's layer has the whiteout of /data/a (${names.join(' ')})`);
  t.true(names.includes('data/.wh.dir'), 'and of the renamed directory\'s old name');
  for (const f of INIT_FILES) {
    t.false(names.includes(f), `docker's layer has no ${f}`);
    t.false(names.includes(f.replace(/([^/]+)$/, '.wh.$1')), `nor a whiteout of ${f}`);
  }
}));
