// The docker adapter against a real engine, when one is reachable (ci/start-dockerd.sh);
// otherwise each test logs why it was skipped.
import test, { type ExecutionContext } from 'ava';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDefaultImage } from '../rootfs/default-image.js';
import { buildSpec } from '../spec/defaults.js';
import type { NsName } from '../spec/namespaces.js';
import { assertNoHostState, cannotTest, hostNamespaces, isRunning, skip, specOf } from './adapter-test-support.js';
import { docker } from './docker-cli.js';
import { DockerAdapter } from './docker.js';
import { imageTag } from './docker-image.js';

const adapter = new DockerAdapter();

/** Runs body when the engine is reachable, or logs why not. */
function withEngine(body: (t: ExecutionContext) => Promise<void>) {
  return async (t: ExecutionContext) => {
    const why = await cannotTest(adapter);
    if (why) return skip(t, why);
    await body(t);
  };
}

/** Asserts that docker and isolab keep nothing of container name. */
async function assertNothingLeft(t: ExecutionContext, name: string): Promise<void> {
  const left = await docker(['ps', '--all', '--quiet', '--filter', `name=^${name}$`]);
  t.is(left.stdout.trim(), '', `docker has no container ${name}`);
  assertNoHostState(t, name.replace(/^isolab-/, ''));
}

test('docker: probe ns sees its own pid, mnt, uts, ipc, net and cgroup namespaces', withEngine(async (t) => {
  const r = await adapter.run(specOf(['probe', 'ns']));
  t.is(r.exitCode, 0, r.stderr);
  t.regex(r.stdout, /^\{.*\}\n$/, 'stdout byte for byte, as on the other runtimes');
  const inside = JSON.parse(r.stdout) as Record<NsName, string>;
  const host = hostNamespaces();
  for (const ns of ['pid', 'mnt', 'uts', 'ipc', 'net', 'cgroup'] as const) t.not(inside[ns], host[ns], `${ns} differs from the host`);
  await assertNothingLeft(t, r.id);
}));

test('docker: namespaces left off are the host\'s (negative control)', withEngine(async (t) => {
  const r = await adapter.run(specOf(['probe', 'ns'], { ns: ['mnt', 'net'] }));
  t.is(r.exitCode, 0, r.stderr);
  const inside = JSON.parse(r.stdout) as Record<NsName, string>;
  const host = hostNamespaces();
  for (const ns of ['pid', 'uts', 'ipc', 'cgroup'] as const) t.is(inside[ns], host[ns], `${ns} is the host's`);
  await assertNothingLeft(t, r.id);
}));

test('docker: exit codes, stdout and stderr come back as the workload left them', withEngine(async (t) => {
  const seven = await adapter.run(specOf(['probe', 'exit', '7']));
  t.like(seven, { runtime: 'docker', exitCode: 7, signal: null, oomKilled: false, timedOut: false, stdout: '' });
  const usage = await adapter.run(specOf(['probe', 'no-such-subcommand']));
  t.is(usage.exitCode, 2);
  t.regex(usage.stderr, /unknown subcommand/);
  t.is(usage.stdout, '');
  for (const r of [seven, usage]) await assertNothingLeft(t, r.id);
}));

test('docker: a memory-limited allocation is OOM-killed and reported as such', withEngine(async (t) => {
  const mib = 1 << 20;
  const r = await adapter.run(specOf(['probe', 'alloc', '256'], { memoryBytes: 32 * mib, swapBytes: 32 * mib }));
  t.like(r, { signal: 'SIGKILL', oomKilled: true, timedOut: false });
  await assertNothingLeft(t, r.id);
}));

test('docker: a timeout kills the container and is not mistaken for an OOM kill', withEngine(async (t) => {
  const r = await adapter.run(specOf(['probe', 'sleep', '60']), { timeoutMs: 500 });
  t.like(r, { timedOut: true, signal: 'SIGKILL', oomKilled: false });
  await assertNothingLeft(t, r.id);
}));

test('docker: onStarted sees the running container; inspect sees overlay2\'s writable layer', withEngine(async (t) => {
  let pid = 0;
  let running = false;
  let written = '';
  const r = await adapter.run(specOf(['probe', 'try', 'write', '/made-inside', 'hello']), {
    onStarted: (c) => {
      pid = c.pid;
      running = pid > 0 && isRunning(pid);
    },
    inspect: (c) => {
      t.regex(c.upperDir ?? '', /overlay2\/.+\/diff$/);
      written = fs.readFileSync(`${c.upperDir!}/made-inside`, 'utf8');
    },
  });
  t.is(r.exitCode, 0, r.stderr);
  t.is(written, 'hello');
  if (pid) t.true(running || !isRunning(pid), 'the pid was the container\'s');
  await assertNothingLeft(t, r.id);
}));

test('docker: a pids limit makes fork fail inside', withEngine(async (t) => {
  const r = await adapter.run(specOf(['probe', 'fork', '50'], { pids: 10 }));
  t.is(r.exitCode, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { forked: number; error: string | null };
  t.true(out.forked < 50);
  t.is(out.error, 'EAGAIN');
  await assertNothingLeft(t, r.id);
}));

test('docker: Specs docker cannot express are skipped with a reason', (t) => {
  t.regex(adapter.unsupported(specOf(['probe', 'ns'], { ns: ['pid', 'net'] })) ?? '', /mount namespace/);
  t.regex(adapter.unsupported(specOf(['probe', 'ns'], { ns: ['pid', 'mnt'] })) ?? '', /--network none/);
});

// Serial: it points DOCKER_HOST elsewhere for a moment, which no other test may see.
test.serial('docker: an engine that is not there is unavailable with a reason, never an exception', async (t) => {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'unix:///nonexistent/isolab-test.sock';
  try {
    const a = await new DockerAdapter().available();
    t.false(a.ok);
    if (!a.ok) t.regex(a.reason, /not reachable|not installed|did not answer/);
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
});

test('docker: a layer stack keeps its whiteouts and opaque directories in docker\'s overlay2', withEngine(async (t) => {
  const { mknod, lsetxattr, S_IFCHR } = await import('../sys/inode.js');
  const base = ensureDefaultImage();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'isolab-docker-layers-'));
  try {
    // lower: /etc/gone and /etc/kept/old; upper: whiteout of /etc/gone, /etc/kept opaque with /etc/kept/new
    const lower = path.join(root, 'lower');
    const upper = path.join(root, 'upper');
    fs.mkdirSync(path.join(lower, 'etc/kept'), { recursive: true });
    fs.writeFileSync(path.join(lower, 'etc/gone'), 'x');
    fs.writeFileSync(path.join(lower, 'etc/kept/old'), 'x');
    fs.mkdirSync(path.join(upper, 'etc/kept'), { recursive: true });
    mknod(path.join(upper, 'etc/gone'), S_IFCHR | 0o000, 0n);
    lsetxattr(path.join(upper, 'etc/kept'), 'trusted.overlay.opaque', Buffer.from('y'));
    fs.writeFileSync(path.join(upper, 'etc/kept/new'), 'x');
    const spec = buildSpec({ args: ['probe', 'ls', '/etc/kept'], layers: [base, lower, upper] });
    const r = await adapter.run(spec);
    t.is(r.exitCode, 0, r.stderr);
    const names = (JSON.parse(r.stdout) as { entries: { name: string }[] }).entries.map((e) => e.name).sort();
    t.deepEqual(names, ['new'], 'the opaque directory hides the lower layer\'s contents');
    const gone = await adapter.run(buildSpec({ args: ['probe', 'stat', '/etc/gone'], layers: [base, lower, upper] }));
    t.is((JSON.parse(gone.stdout) as { error: string | null }).error, 'ENOENT', 'the whiteout hides the lower file');
    await assertNothingLeft(t, r.id);
  } finally {
    await docker(['image', 'rm', '--force', imageTag([base, path.join(root, 'lower'), path.join(root, 'upper')], base)]);
    fs.rmSync(root, { recursive: true, force: true });
  }
}));
