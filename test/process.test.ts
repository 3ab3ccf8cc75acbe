// The workload as the container's process: pid 1, hostname, user and time namespaces,
// exit codes and signals, no host file descriptors.
import test from 'ava';
import os from 'node:os';
import { assertNothingLeft, probe, run } from './helpers.js';

interface Self { pid: number; ppid: number; hostname: string; uid: number; uid_map: string; gid_map: string; cgroup: { controllers: string; path: string }[]; monotonic_ns: number }

test('the workload is pid 1 of a new pid namespace', async (t) => {
  const { out } = await probe<Self>(['self'], { ns: ['pid', 'mnt'] });
  t.is(out.pid, 1);
  t.is(out.ppid, 0);
});

test('without a pid namespace the workload is not pid 1', async (t) => {
  const { r, out } = await probe<Self>(['self'], { ns: ['mnt'] });
  t.not(out.pid, 1);
  t.is(out.pid, r.pid, 'its pid is the host pid the launcher reported');
});

test('the hostname is the configured one and the host keeps its own', async (t) => {
  const before = os.hostname();
  const { out } = await probe<Self>(['self'], { ns: ['uts', 'mnt'], hostname: 'isolab-test-host' });
  t.is(out.hostname, 'isolab-test-host');
  t.is(os.hostname(), before);
});

test('/etc/hostname and /etc/hosts come from the init layer with the configured name', async (t) => {
  const { out } = await probe<{ content: string }>(['cat', '/etc/hosts'], { ns: ['uts', 'mnt'], hostname: 'initlayer' });
  t.regex(out.content, /127\.0\.0\.1\s+localhost\s+initlayer/);
  const { out: hn } = await probe<{ content: string }>(['cat', '/etc/hostname'], { ns: ['uts', 'mnt'], hostname: 'initlayer' });
  t.is(hn.content, 'initlayer\n');
});

test('a user namespace gets the configured uid and gid maps, and root inside is uid 0', async (t) => {
  const map = [{ containerID: 0, hostID: 200000, size: 1000 }];
  const { out } = await probe<Self>(['self'], { ns: ['user', 'pid', 'mnt'], uidMappings: map, gidMappings: map });
  t.is(out.uid, 0);
  t.deepEqual(out.uid_map.trim().split(/\s+/), ['0', '200000', '1000']);
  t.deepEqual(out.gid_map.trim().split(/\s+/), ['0', '200000', '1000']);
});

test('a time namespace shows the configured monotonic offset inside only', async (t) => {
  const offset = 10 * 86400;
  const before = Number(process.hrtime.bigint());
  const { out } = await probe<{ monotonic_ns: number }>(['clock'], { ns: ['time', 'mnt'], timeOffsets: { monotonic: { secs: offset } } });
  const after = Number(process.hrtime.bigint());
  t.true(out.monotonic_ns >= before + offset * 1e9, 'inside is at least offset ahead of the host before the run');
  t.true(out.monotonic_ns <= after + offset * 1e9, 'and no further ahead than the host after the run');
});

test('a cgroup namespace makes the container cgroup its root; without it the host path shows', async (t) => {
  const { out } = await probe<Self>(['self'], { ns: ['cgroup', 'mnt'], pids: 100 });
  const pids = out.cgroup.find((c) => c.controllers === 'pids');
  t.is(pids?.path, '/');
  const { r, out: off } = await probe<Self>(['self'], { ns: ['mnt'], pids: 100 });
  t.is(off.cgroup.find((c) => c.controllers === 'pids')?.path, `/isolab/${r.id}`);
});

test('exit codes are reported', async (t) => {
  const r = await run(['probe', 'exit', '7']);
  t.is(r.exitCode, 7);
  t.is(r.signal, null);
});

test('a terminating signal is reported by name', async (t) => {
  // Without a pid namespace the workload is not pid 1, which ignores unhandled signals.
  const r = await run(['probe', 'signal', 'TERM'], { ns: ['mnt'] });
  t.is(r.exitCode, null);
  t.is(r.signal, 'SIGTERM');
});

test('under the minimal init a signal ends the workload and init reports 128+signal', async (t) => {
  const r = await run(['probe', 'signal', 'TERM'], { ns: ['pid', 'mnt'], init: true });
  t.is(r.exitCode, 128 + 15);
});

test('a timeout kills the container and is reported', async (t) => {
  const r = await run(['probe', 'sleep', '30'], { timeoutMs: 300 });
  t.true(r.timedOut);
  t.is(r.signal, 'SIGKILL');
  t.false(r.oomKilled);
  assertNothingLeft(t, r.id, [r.pid]);
});

test('no file descriptor of the host is open in the container beyond stdio', async (t) => {
  for (const ns of [['pid', 'mnt', 'uts', 'ipc', 'net', 'cgroup'], ['mnt'], []] as const) {
    const { out } = await probe<{ fds: { fd: number; target: string }[] }>(['fds'], { ns: [...ns] });
    t.deepEqual(out.fds.map((f) => f.fd), [0, 1, 2], `ns=${ns.join(',')}: ${JSON.stringify(out.fds)}`);
  }
});

test('a missing program fails the start with an error naming execve and the program', async (t) => {
  const err = await t.throwsAsync(run(['/no/such/program']));
  t.regex(err!.message, /exec.*execve.*\/no\/such\/program/);
});

test('the workload starts with no signal blocked or ignored (the launcher blocks SIGCHLD, ignores SIGPIPE)', async (t) => {
  const { out } = await probe<{ content: string }>(['cat', '/proc/self/status']);
  const field = (name: string) => out.content.split('\n').find((l) => l.startsWith(`${name}:`))?.split(/\s+/)[1];
  t.is(field('SigBlk'), '0000000000000000');
  t.is(field('SigIgn'), '0000000000000000');
});
