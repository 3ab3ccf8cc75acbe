// Teardown leaves nothing: escaped daemons, a SIGKILLed harness (recovered by gc).
import test from 'ava';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectGarbage } from '../runtime/container/gc.js';
import { containersDir } from '../runtime/container/layout.js';
import { assertNothingLeft, run } from './helpers.js';

test('a double-forked daemon without a pid namespace is killed at teardown', async (t) => {
  const r = await run(['probe', 'daemon', '60'], { ns: ['mnt', 'uts'] });
  t.is(r.exitCode, 0);
  const { daemon_pid: daemon } = JSON.parse(r.stdout) as { daemon_pid: number };
  t.true(daemon > 1);
  assertNothingLeft(t, r.id, [daemon]);
});

test('a container without a mount namespace leaves no host mount', async (t) => {
  const r = await run(['probe', 'ns'], { ns: ['pid'] });
  t.is(r.exitCode, 0);
  assertNothingLeft(t, r.id);
});

test('a container in a user namespace leaves no host mount', async (t) => {
  const r = await run(['probe', 'ns'], { ns: ['user', 'mnt', 'pid'] });
  t.is(r.exitCode, 0);
  assertNothingLeft(t, r.id);
});

const here = path.dirname(fileURLToPath(import.meta.url));

test('a harness killed with SIGKILL mid-run is cleaned up by gc', async (t) => {
  const child = spawn(process.execPath, ['--import=tsx', path.join(here, 'fixtures', 'hold-container.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString()));
    child.once('exit', (c) => reject(new Error(`fixture exited ${c}`)));
  });
  const { id, pid } = JSON.parse(line) as { id: string; pid: number };
  t.true(fs.existsSync(path.join(containersDir(), id)), 'the container exists while its harness runs');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  t.true(fs.existsSync(path.join(containersDir(), id)), 'a killed harness leaves its container behind');
  const report = await collectGarbage();
  t.true(report.released.some((x) => x.id === id), 'gc released it');
  assertNothingLeft(t, id, [pid]);
});
