// Host sentinels: they exist while a run holds them, and are gone after close() — or, after
// a crash, after the next run's removeStaleSentinels().
import test from 'ava';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { probeBinary, runRoot } from '../../runtime/launcher/paths.js';
import { createHostSentinels, removeStaleSentinels } from './sentinels.js';
import { createMqueue, createSysv, listSysv } from './sysv-ipc.js';

const tryOnHost = (...args: string[]) => JSON.parse(execFileSync(probeBinary(), ['try', ...args], { encoding: 'utf8' })) as { ok: boolean; error: string | null };
const keys = () => listSysv((p) => fs.readFileSync(p, 'utf8')).map((o) => `${o.kind}:${o.key}`);

test('the host reaches every sentinel while they exist, and none after close', async (t) => {
  const s = await createHostSentinels();
  const reach = () => ({
    shm: tryOnHost('shmget', String(s.ipcKey)).ok,
    msg: tryOnHost('msgget', String(s.ipcKey)).ok,
    sem: tryOnHost('semget', String(s.ipcKey)).ok,
    mq: tryOnHost('mq_open', s.mqName).ok,
    abstract: tryOnHost('connect-abstract', s.abstractName).ok,
    tcp: tryOnHost('connect-tcp', '127.0.0.1', String(s.tcpPort)).ok,
    process: fs.existsSync(`/proc/${s.pid}`),
  });
  t.deepEqual(reach(), { shm: true, msg: true, sem: true, mq: true, abstract: true, tcp: true, process: true });
  await s.close();
  t.deepEqual(reach(), { shm: false, msg: false, sem: false, mq: false, abstract: false, tcp: false, process: false });
  t.false(fs.readdirSync(path.join(runRoot(), 'suite-sentinels')).some((f) => f.includes(s.token)), 'the record is gone');
  await s.close(); // idempotent
});

test("a crashed run's sentinels are removed by the next run", (t) => {
  const key = 0x7eed0000 + (process.pid % 0xffff);
  const shm = createSysv('shm', key);
  const mq = `/isolab-stale-${process.pid}`;
  createMqueue(mq);
  const dir = path.join(runRoot(), 'suite-sentinels');
  fs.mkdirSync(dir, { recursive: true });
  // A record whose owner is long gone (pid 1's start time is never "x").
  const file = path.join(dir, `stale-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify({ pid: 1, startTime: 'x', sysv: [shm], mqueues: [mq] }));
  t.true(keys().includes(`shm:${key}`));
  removeStaleSentinels();
  t.false(keys().includes(`shm:${key}`), 'the shared memory segment is removed');
  t.false(tryOnHost('mq_open', mq).ok, 'the message queue is removed');
  t.false(fs.existsSync(file), 'the record is removed');
});
