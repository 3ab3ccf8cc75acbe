import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { fioArgs, parseFioJson } from './fio.js';

const fixture = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'fio-randread.json'), 'utf8');

test('parseFioJson reads each job\'s mean latency and completed reads from fio 3.33 JSON', (t) => {
  const jobs = parseFioJson(fixture);
  t.deepEqual(jobs.map((j) => j.name), ['calibration', 'overlay-cached', 'plain-direct']);
  const [calibration, cached, direct] = jobs;
  t.is(calibration!.ios, 167329);
  t.is(Math.round(calibration!.latNsMean), 81);
  t.is(Math.round(cached!.latNsMean), 714);
  t.is(direct!.ios, 1096);
  t.true(direct!.latNsMean > cached!.latNsMean); // O_DIRECT goes to the disk
  t.is(cached!.runtimeMs, 50);
});

test('parseFioJson skips notes fio prints before the document', (t) => {
  t.is(parseFioJson(`fio: note: something\n${fixture}`).length, 3);
});

test('parseFioJson names the job that failed or read nothing, and says when there is no JSON', (t) => {
  const doc = JSON.parse(fixture) as { jobs: { error: number; read: { total_ios: number } }[] };
  doc.jobs[1]!.error = 5;
  t.throws(() => parseFioJson(JSON.stringify(doc)), { message: /fio job overlay-cached failed with error 5/ });
  doc.jobs[1]!.error = 0;
  doc.jobs[2]!.read.total_ios = 0;
  t.throws(() => parseFioJson(JSON.stringify(doc)), { message: /fio job plain-direct completed no reads/ });
  t.throws(() => parseFioJson('fio: engine not found'), { message: /fio printed no JSON document/ });
});

test('fioArgs puts the global options first and runs every job after the previous one (stonewall)', (t) => {
  const args = fioArgs([{ name: 'calibration', sizeBytes: 4096 }, { name: 'a', filename: '/x/f' }, { name: 'b', filename: '/x/f', direct: true }], 0.25);
  const firstJob = args.indexOf('--name=calibration');
  t.true(args.slice(0, firstJob).includes('--runtime=250ms'));
  t.true(args.slice(0, firstJob).includes('--bs=4k'));
  const job = (name: string) => {
    const i = args.indexOf(`--name=${name}`);
    const next = args.findIndex((a, k) => k > i && a.startsWith('--name='));
    return args.slice(i, next < 0 ? undefined : next);
  };
  t.deepEqual(job('calibration'), ['--name=calibration', '--ioengine=null', '--size=4096']);
  t.deepEqual(job('a'), ['--name=a', '--stonewall', '--filename=/x/f', '--pre_read=1']);
  t.deepEqual(job('b'), ['--name=b', '--stonewall', '--filename=/x/f', '--direct=1']);
});
