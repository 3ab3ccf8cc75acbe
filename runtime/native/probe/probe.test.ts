// Tests of the in-container probe binary, run on the host (same namespaces as this process).
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const probe = join(repoRoot, 'runtime/native/build/probe');
const NAMESPACES = ['pid', 'mnt', 'uts', 'ipc', 'net', 'user', 'cgroup', 'time'] as const;

type Json = Record<string, unknown>;

function run(args: string[], command = probe): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
}

// Runs a probe command that must succeed and print exactly one JSON line.
function probeJson(args: string[], command = probe, prefix: string[] = []): Json {
  const result = run([...prefix, ...args], command);
  if (result.status !== 0) throw new Error(`probe ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const lines = result.stdout.split('\n');
  if (lines.length !== 2 || lines[1] !== '') throw new Error(`expected one line, got ${JSON.stringify(result.stdout)}`);
  return JSON.parse(lines[0] ?? '') as Json;
}

function makeTempDir(t: { teardown: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'isolab-probe-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test.before(() => {
  execFileSync('make', ['-s', '-C', join(repoRoot, 'runtime/native')], { stdio: 'inherit' });
});

test('ns reports the same namespace links as this process (same namespaces)', (t) => {
  const ns = probeJson(['ns']);
  for (const type of NAMESPACES) {
    let expected: string | null = null;
    try {
      expected = readlinkSync(`/proc/self/ns/${type}`);
    } catch {
      expected = null;
    }
    t.is(ns[type], expected, type);
  }
});

test('nsids reports dev and inode of each namespace file', (t) => {
  const ids = probeJson(['nsids']);
  const st = statSync('/proc/self/ns/net');
  t.deepEqual(ids['net'], { dev: st.dev, ino: st.ino });
  t.truthy(ids['pid_for_children']);
});

test('try kill of a pid that cannot exist reports ESRCH and exits 0', (t) => {
  const pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8'));
  const out = probeJson(['try', 'kill', String(pidMax + 1)]);
  t.like(out, { action: 'kill', ok: false, errno: 3, error: 'ESRCH', signal: 0 });
});

test('exit 7 exits with status 7 and prints nothing', (t) => {
  const result = run(['exit', '7']);
  t.is(result.status, 7);
  t.is(result.stdout, '');
});

test('usage errors exit 2 with nothing on stdout', (t) => {
  for (const args of [[], ['no-such-subcommand'], ['ns', 'extra'], ['try', 'kill', 'abc'], ['try', 'connect-tcp', '192.0.2.1', '80']]) {
    const result = run(args);
    t.is(result.status, 2, args.join(' '));
    t.is(result.stdout, '', args.join(' '));
    t.regex(result.stderr, /probe/);
  }
});

test('cat round-trips quotes, backslashes, newlines, control bytes, NUL and UTF-8', (t) => {
  const dir = makeTempDir(t);
  const text = 'say "hi"\\path\n\ttab\r\u0001\u001f\u007f é ✓ 😀\u0000end';
  writeFileSync(join(dir, 'f'), text);
  const out = probeJson(['cat', join(dir, 'f')]);
  t.is(out['content'], text);
  t.is(out['bytes'], Buffer.byteLength(text));
  t.false(out['truncated']);
});

test('cat replaces bytes that are not UTF-8 with U+FFFD and stays valid JSON', (t) => {
  const dir = makeTempDir(t);
  writeFileSync(join(dir, 'bin'), Buffer.from([0x61, 0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x62]));
  const out = probeJson(['cat', join(dir, 'bin')]);
  t.is(out['content'], 'a\ufffd\ufffd(\ufffd\ufffd\ufffdb');
});

test('cat of a missing file is an observation: ok false, ENOENT, exit 0', (t) => {
  const dir = makeTempDir(t);
  t.like(probeJson(['cat', join(dir, 'missing')]), { ok: false, error: 'ENOENT', content: null });
});

test('try echoes its arguments with quotes and newlines escaped', (t) => {
  const dir = makeTempDir(t);
  const arg = 'a "quoted"\nline\\';
  const out = probeJson(['try', 'write', join(dir, 'w'), arg]);
  t.deepEqual(out['args'], [join(dir, 'w'), arg]);
  t.is(readFileSync(join(dir, 'w'), 'utf8'), arg);
});

test('a hostname with quotes and a newline set in a new UTS namespace round-trips through self', (t) => {
  const name = 'h"o\nst';
  // The probe sets the hostname, then a second probe in the same namespace reads it.
  const script = '"$0" try sethostname "$1" >/dev/null && exec "$0" self';
  const out = probeJson([probe, name], 'unshare', ['--uts', 'sh', '-c', script]);
  t.is(out['hostname'], name);
});

test('mounts unescapes \\040 in mount targets', (t) => {
  const dir = makeTempDir(t);
  const target = join(dir, 'with space');
  mkdirSync(target);
  const script = 'mount -t tmpfs probe-test "$1" && exec "$0" mounts';
  const out = probeJson([probe, target], 'unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script]);
  const mounts = out['mounts'] as Json[];
  t.like(mounts.find((m) => m['target'] === target), { fstype: 'tmpfs', source: 'probe-test' });
});

test('fork 3 forks three children and reports no error', (t) => {
  t.deepEqual(probeJson(['fork', '3']), { requested: 3, forked: 3, errno: 0, error: null });
});

test('connect-abstract to a name nobody listens on is refused', (t) => {
  const out = probeJson(['try', 'connect-abstract', `isolab-probe-test-${process.pid}-nobody`]);
  t.like(out, { ok: false, error: 'ECONNREFUSED' });
});

test('chroot-escape from a chroot-only jail reaches the real root', (t) => {
  const jail = makeTempDir(t);
  mkdirSync(join(jail, 'tmp'));
  copyFileSync(probe, join(jail, 'probe'));
  execFileSync('chmod', ['755', join(jail, 'probe')]);
  const out = probeJson(['/probe', 'try', 'chroot-escape'], 'chroot', [jail]);
  const realRoot = statSync('/');
  t.like(out, { ok: true, escaped: true, root_after: { dev: realRoot.dev, ino: realRoot.ino } });
});

test('chroot-escape from the real root stays at the real root', (t) => {
  t.like(probeJson(['try', 'chroot-escape']), { ok: true, escaped: false });
});
