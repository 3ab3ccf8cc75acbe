import test from 'ava';
import { cgroupSettings } from './settings.js';

test('quick mode runs shorter and fewer; both measure the five quotas', (t) => {
  const q = cgroupSettings({ quick: true });
  const full = cgroupSettings();
  t.deepEqual(q.quotas, [0.1, 0.25, 0.5, 1, 1.5]);
  t.deepEqual(full.quotas, q.quotas);
  t.true(q.seconds < full.seconds && q.rounds < full.rounds && q.burst.bursts < full.burst.bursts);
  t.deepEqual(q.memoryLimitsMiB, [32, 64, 128]);
  t.is(q.periodMs, 100);
});

test('bad settings are refused naming the setting', (t) => {
  t.throws(() => cgroupSettings({ quotas: [0.5, 0] }), { message: /^quotas: must be positive/ });
  t.throws(() => cgroupSettings({ pidsLimits: [1] }), { message: /^pids limits: at least 2/ });
  t.throws(() => cgroupSettings({ seconds: 0.2 }), { message: /^seconds: at least 0\.6/ });
  t.throws(() => cgroupSettings({ rounds: 0 }), { message: /^rounds: must be positive integers/ });
  t.throws(() => cgroupSettings({ memoryLimitsMiB: [1.5] }), { message: /^memory limits:/ });
});
