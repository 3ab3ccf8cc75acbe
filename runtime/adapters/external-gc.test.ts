// A harness killed with SIGKILL while runc, crun or docker runs its container: the next gc
// removes the container through its runtime (intent.external), and everything else.
import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectGarbage } from '../container/gc.js';
import { containersDir } from '../container/layout.js';
import { readIntent } from '../container/intent.js';
import { assertNoHostState, assertNoRuntimeState, cannotTest, isRunning, skip } from './adapter-test-support.js';
import { docker } from './docker-cli.js';
import { adapterByName, type AdapterName } from './registry.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'hold-external.ts');

/** Starts the fixture harness on runtime, returns the container it reported, then SIGKILLs it. */
async function killHarnessMidRun(runtime: AdapterName): Promise<{ id: string; pid: number }> {
  const child = spawn(process.execPath, ['--import=tsx', fixture, runtime], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString()));
    child.once('exit', (c) => reject(new Error(`fixture exited ${c}`)));
  });
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return JSON.parse(line) as { id: string; pid: number };
}

const isolabId = (id: string) => id.replace(/^isolab-/, '');

async function gcRemoves(t: ExecutionContext, runtime: AdapterName): Promise<string | undefined> {
  const why = await cannotTest(adapterByName(runtime));
  if (why) {
    skip(t, why);
    return undefined;
  }
  const { id, pid } = await killHarnessMidRun(runtime);
  const dir = path.join(containersDir(), isolabId(id));
  t.true(fs.existsSync(dir), 'a killed harness leaves its container behind');
  t.is(readIntent(path.join(dir, 'intent.json'))?.external?.runtime, runtime, 'the intent names the runtime');
  if (pid) t.true(isRunning(pid), 'the container still runs');
  const report = await collectGarbage();
  t.true(report.released.some((r) => r.id === isolabId(id)), 'gc released it');
  t.deepEqual(report.errors, []);
  if (pid) {
    for (let i = 0; i < 100 && isRunning(pid); i++) await new Promise((r) => setTimeout(r, 20));
    t.false(isRunning(pid), 'the container process is gone');
  }
  assertNoHostState(t, isolabId(id));
  return id;
}

for (const rt of ['runc', 'crun'] as const) {
  test.serial(`gc removes a ${rt} container whose harness was SIGKILLed`, async (t) => {
    const id = await gcRemoves(t, rt);
    if (id) assertNoRuntimeState(t, rt, id);
  });
}

test.serial('gc removes a docker container whose harness was SIGKILLed', async (t) => {
  const id = await gcRemoves(t, 'docker');
  if (!id) return;
  const left = await docker(['ps', '--all', '--quiet', '--filter', `name=^${id}$`]);
  t.is(left.stdout.trim(), '', 'docker no longer has the container');
});
