// The layered rootfs: image layers under the init layer and the writable layer, whiteouts
// in the writable layer, hundreds of layers, a read-only root.
import test from 'ava';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runContainer } from '../runtime/container/run-container.js';
import { ensureDefaultImage } from '../runtime/rootfs/default-image.js';
import { buildSpec } from '../runtime/spec/defaults.js';
import { assertNothingLeft, run } from './helpers.js';

function tempDir(t: { teardown: (fn: () => void) => void }, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a file deleted inside leaves a 0/0 whiteout in the writable layer, and writes land there', async (t) => {
  if (!fs.existsSync(path.join(ensureDefaultImage(), 'bin/sh'))) {
    t.log('skipped: the default image has no shell (install busybox-static)');
    t.pass();
    return;
  }
  let upper: { passwd?: fs.Stats; hostname?: string } = {};
  const r = await run(['sh', '-c', 'rm /etc/passwd && echo changed > /etc/hostname'], {}, {
    inspect: (c) => {
      upper = {
        passwd: fs.lstatSync(path.join(c.layout.upper, 'etc/passwd')),
        hostname: fs.readFileSync(path.join(c.layout.upper, 'etc/hostname'), 'utf8'),
      };
    },
  });
  t.is(r.exitCode, 0, r.stderr);
  t.true(upper.passwd?.isCharacterDevice(), 'the deletion is a character device');
  t.is(upper.passwd?.rdev, 0, 'with device number 0/0');
  t.is(upper.hostname, 'changed\n');
  t.true(fs.existsSync(path.join(ensureDefaultImage(), 'etc/passwd')), 'the image layer is untouched');
  assertNothingLeft(t, r.id);
});

test('upper image layers hide lower ones, top-most wins', async (t) => {
  const lower = tempDir(t, 'isolab-lower-');
  const upper = tempDir(t, 'isolab-upper-');
  fs.mkdirSync(path.join(lower, 'data'));
  fs.writeFileSync(path.join(lower, 'data/a'), 'lower a');
  fs.writeFileSync(path.join(lower, 'data/b'), 'lower b');
  fs.mkdirSync(path.join(upper, 'data'));
  fs.writeFileSync(path.join(upper, 'data/a'), 'upper a');
  const layers = [ensureDefaultImage(), lower, upper];
  const a = await runContainer(buildSpec({ args: ['probe', 'cat', '/data/a'], layers }));
  t.is((JSON.parse(a.stdout) as { content: string }).content, 'upper a');
  const b = await runContainer(buildSpec({ args: ['probe', 'cat', '/data/b'], layers }));
  t.is((JSON.parse(b.stdout) as { content: string }).content, 'lower b');
});

test('more layers than fit in a page of mount options are mounted (new mount API)', async (t) => {
  const base = tempDir(t, 'isolab-many-layers-');
  const layers = [ensureDefaultImage()];
  for (let i = 0; i < 150; i++) {
    const dir = path.join(base, `layer-with-a-long-name-to-fill-the-option-string-${String(i).padStart(3, '0')}`);
    fs.mkdirSync(path.join(dir, 'stack'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stack', `f${i}`), String(i));
    fs.writeFileSync(path.join(dir, 'stack', 'top'), String(i));
    layers.push(dir);
  }
  t.true(layers.join(':').length > 4096, 'the classic option string would not fit');
  const r = await runContainer(buildSpec({ args: ['probe', 'ls', '/stack'], layers }));
  t.is(r.exitCode, 0, r.stderr);
  const names = (JSON.parse(r.stdout) as { entries: { name: string }[] }).entries.map((e) => e.name);
  t.is(names.filter((n) => n.startsWith('f')).length, 150);
  const top = await runContainer(buildSpec({ args: ['probe', 'cat', '/stack/top'], layers }));
  t.is((JSON.parse(top.stdout) as { content: string }).content, '149', 'the last layer given is the top-most');
  assertNothingLeft(t, r.id);
});

test('a read-only root refuses writes; a writable one accepts them', async (t) => {
  const ro = await run(['probe', 'try', 'create', '/newfile'], { readonlyRoot: true });
  t.is((JSON.parse(ro.stdout) as { error: string }).error, 'EROFS');
  const rw = await run(['probe', 'try', 'create', '/newfile']);
  t.true((JSON.parse(rw.stdout) as { ok: boolean }).ok);
});

test('masked paths hide host information and kernel knobs are read-only', async (t) => {
  const kcore = await run(['probe', 'stat', '/proc/kcore']);
  const k = JSON.parse(kcore.stdout) as { ok: boolean; type?: string; size?: number };
  t.true(!k.ok || k.size === 0, 'kcore is masked (empty /dev/null bind)');
  const sysctl = await run(['probe', 'try', 'sysctl-write', '/proc/sys/kernel/domainname', 'x']);
  t.is((JSON.parse(sysctl.stdout) as { error: string }).error, 'EROFS');
});
