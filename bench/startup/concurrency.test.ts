// The concurrency part's pure pieces: the pool's limit, its failure, throughput, figures.
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { runPool, summariseConcurrency, throughput } from './concurrency.js';

test('the pool runs every task once and never more than K at a time', async (t) => {
  let inFlight = 0;
  let most = 0;
  const ran: number[] = [];
  await runPool(10, 3, async (i) => {
    most = Math.max(most, ++inFlight);
    await sleep(2);
    ran.push(i);
    inFlight--;
  });
  t.deepEqual([...ran].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  t.is(most, 3);
});

test('a failing task fails the pool after the tasks in flight settle, and no new task starts', async (t) => {
  let started = 0;
  await t.throwsAsync(runPool(10, 2, async (i) => {
    started++;
    await sleep(1);
    if (i === 1) throw new Error('boom');
  }), { message: 'boom' });
  t.true(started < 10);
});

test('throughput is containers per wall second', (t) => {
  t.is(throughput(24, 2e9), 12);
  t.throws(() => throughput(1, 0));
});

test('figures are startup.concurrency.K in containers/s, ordered by K', (t) => {
  const r = summariseConcurrency(new Map([[8, [50, 55, 52]], [1, [30, 31, 29]]]), 24);
  t.deepEqual(r.figures.map((f) => [f.name, f.unit, f.params?.inFlight]), [['startup.concurrency.1', 'containers/s', 1], ['startup.concurrency.8', 'containers/s', 8]]);
  t.is(r.containers, 24);
});
