// runc and crun through OciCliAdapter, for real (root): isolation observed from inside,
// exit statuses, OOM kills, timeouts, what cannot be expressed, and nothing left behind.
import test, { type ExecutionContext } from 'ava';
import fs from 'node:fs';
import type { NsName } from '../spec/namespaces.js';
import { assertNoHostState, assertNoRuntimeState, cannotTest, hostNamespaces, isRunning, skip, specOf } from './adapter-test-support.js';
import { OciCliAdapter } from './oci-cli.js';
import type { OciRuntimeName } from './oci-cli-command.js';

const RUNTIMES: OciRuntimeName[] = ['runc', 'crun'];
const ISOLATED: NsName[] = ['pid', 'mnt', 'uts', 'ipc', 'net'];

/** Runs body with the adapter, or logs why the runtime cannot be tested here. */
function withRuntime(runtime: OciRuntimeName, body: (t: ExecutionContext, a: OciCliAdapter) => Promise<void>) {
  return async (t: ExecutionContext) => {
    const a = new OciCliAdapter(runtime);
    const why = await cannotTest(a);
    if (why) return skip(t, why);
    await body(t, a);
  };
}

for (const rt of RUNTIMES) {
  test(`${rt}: probe ns sees its own pid, mnt, uts, ipc and net namespaces`, withRuntime(rt, async (t, a) => {
    const r = await a.run(specOf(['probe', 'ns']));
    t.is(r.exitCode, 0, r.stderr);
    const inside = JSON.parse(r.stdout) as Record<NsName, string>;
    const host = hostNamespaces();
    for (const ns of ISOLATED) t.not(inside[ns], host[ns], `${ns} differs from the host`);
    t.is(inside.user, host.user, 'no user namespace was asked for');
    assertNoHostState(t, r.id);
    assertNoRuntimeState(t, rt, r.id);
  }));

  test(`${rt}: a namespace left off is shared with the host (negative control)`, withRuntime(rt, async (t, a) => {
    const r = await a.run(specOf(['probe', 'ns'], { ns: ['mnt', 'uts'] }));
    t.is(r.exitCode, 0, r.stderr);
    const inside = JSON.parse(r.stdout) as Record<NsName, string>;
    const host = hostNamespaces();
    for (const ns of ['pid', 'ipc', 'net'] as const) t.is(inside[ns], host[ns], `${ns} is the host's`);
    t.not(inside.mnt, host.mnt);
    assertNoHostState(t, r.id);
  }));

  test(`${rt}: exit codes and stdout/stderr come back as the workload left them`, withRuntime(rt, async (t, a) => {
    const seven = await a.run(specOf(['probe', 'exit', '7']));
    t.like(seven, { runtime: rt, exitCode: 7, signal: null, oomKilled: false, timedOut: false, stdout: '' });
    const zero = await a.run(specOf(['probe', 'true']));
    t.is(zero.exitCode, 0);
    const usage = await a.run(specOf(['probe', 'no-such-subcommand']));
    t.is(usage.exitCode, 2);
    t.regex(usage.stderr, /unknown subcommand/);
    t.true(zero.durationMs > 0);
    for (const r of [seven, zero, usage]) assertNoHostState(t, r.id);
  }));

  test(`${rt}: a memory-limited allocation is OOM-killed and reported as such`, withRuntime(rt, async (t, a) => {
    const mib = 1 << 20;
    const r = await a.run(specOf(['probe', 'alloc', '256'], { memoryBytes: 32 * mib, swapBytes: 32 * mib }));
    t.is(r.signal, 'SIGKILL', r.stdout + r.stderr);
    t.true(r.oomKilled, 'reported as an OOM kill');
    t.false(r.timedOut);
    if (rt === 'runc') t.true((r.cgroup?.oomKills ?? 0) > 0, "runc's kept cgroup counted the kill");
    assertNoHostState(t, r.id);
    assertNoRuntimeState(t, rt, r.id);
  }));

  test(`${rt}: a timeout kills the container and is not mistaken for an OOM kill`, withRuntime(rt, async (t, a) => {
    const r = await a.run(specOf(['probe', 'sleep', '60']), { timeoutMs: 300 });
    t.like(r, { timedOut: true, signal: 'SIGKILL', oomKilled: false, exitCode: null });
    t.true(r.durationMs < 30_000);
    assertNoHostState(t, r.id);
    assertNoRuntimeState(t, rt, r.id);
  }));

  test(`${rt}: onStarted is called while the container runs, with its host pid`, withRuntime(rt, async (t, a) => {
    let pid = 0;
    let running = false;
    const r = await a.run(specOf(['probe', 'sleep', '1']), {
      onStarted: (c) => {
        pid = c.pid;
        running = isRunning(c.pid);
      },
    });
    t.is(r.exitCode, 0, r.stderr);
    t.true(pid > 0);
    t.true(running, 'the container process ran when onStarted was called');
    t.false(isRunning(pid), 'and is gone after the run');
    assertNoHostState(t, r.id);
  }));

  test(`${rt}: inspect sees a file written inside in the writable layer`, withRuntime(rt, async (t, a) => {
    let upper: string[] = [];
    const r = await a.run(specOf(['probe', 'try', 'write', '/made-inside', 'hello']), {
      inspect: (c) => {
        t.truthy(c.upperDir);
        upper = fs.readdirSync(c.upperDir!);
        t.is(fs.readFileSync(`${c.upperDir!}/made-inside`, 'utf8'), 'hello');
      },
    });
    t.is(r.exitCode, 0, r.stderr);
    t.true(upper.includes('made-inside'), `upper has ${upper.join(', ')}`);
    assertNoHostState(t, r.id);
  }));

  test(`${rt}: a user namespace maps container root to an unprivileged host uid`, withRuntime(rt, async (t, a) => {
    const spec = specOf(['probe', 'self'], { ns: ['pid', 'mnt', 'uts', 'ipc', 'net', 'user'] });
    t.is(a.unsupported(spec), undefined);
    const r = await a.run(spec);
    t.is(r.exitCode, 0, r.stderr);
    const self = JSON.parse(r.stdout) as { uid: number; uid_map: string };
    t.is(self.uid, 0);
    t.regex(self.uid_map, /^\s*0\s+100000\s+65536\s*$/);
    assertNoHostState(t, r.id);
  }));

  test(`${rt}: a Spec without a mount namespace is skipped with a reason, not run`, withRuntime(rt, async (t, a) => {
    const why = a.unsupported(specOf(['probe', 'ns'], { ns: ['pid', 'uts'] }));
    t.regex(why ?? '', /mount namespace/);
    await t.throwsAsync(a.run(specOf(['probe', 'ns'], { ns: ['pid', 'uts'] })), { message: /mount namespace/ });
  }));

  test(`${rt}: a workload that cannot be executed is an error naming it`, withRuntime(rt, async (t, a) => {
    await t.throwsAsync(a.run(specOf(['/no/such/program'])), { message: /no\/such\/program/ });
  }));
}

test('runc 1.1 has no time namespace: the cell is skipped with that reason', withRuntime('runc', async (t, a) => {
  const why = a.unsupported(specOf(['probe', 'clock'], { ns: ['pid', 'mnt', 'time'], timeOffsets: { monotonic: { secs: 86400 } } }));
  const info = await a.available();
  if (info.ok && !/^1\.1\./.test(info.version)) return skip(t, `runc ${info.version} is not 1.1`);
  t.regex(why ?? '', /time namespace/);
}));

test('crun 1.8 does not honour a time namespace: the cell is skipped with that reason', withRuntime('crun', async (t, a) => {
  const info = await a.available();
  if (info.ok && !/^1\.8/.test(info.version)) return skip(t, `crun ${info.version} is not 1.8`);
  const why = a.unsupported(specOf(['probe', 'clock'], { ns: ['pid', 'mnt', 'time'], timeOffsets: { monotonic: { secs: 86400 } } }));
  t.regex(why ?? '', /time namespace/);
}));
