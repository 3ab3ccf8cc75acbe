// The CLI as users run it: bin/isolab.js (built by `npm test`'s pretest step).
import test from 'ava';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostNamespaces } from './helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const isolab = (args: string[], opts: { uid?: number } = {}) => {
  const argv = opts.uid !== undefined ? ['setpriv', `--reuid=${opts.uid}`, `--regid=${opts.uid}`, '--clear-groups', process.execPath] : [process.execPath];
  const r = spawnSync(argv[0]!, [...argv.slice(1), path.join(root, 'bin/isolab.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

test('isolab exec -- probe ns: namespaces created differ from the host, those left out are equal', (t) => {
  const host = hostNamespaces();
  const all = isolab(['exec', '--', 'probe', 'ns']);
  t.is(all.code, 0, all.stderr);
  const inside = JSON.parse(all.stdout) as Record<string, string>;
  for (const n of ['pid', 'mnt', 'uts', 'ipc', 'net', 'cgroup']) t.not(inside[n], host[n as keyof typeof host], n);
  for (const n of ['user', 'time']) t.is(inside[n], host[n as keyof typeof host], n);
  const some = isolab(['exec', '--ns', 'pid,net', '--', 'probe', 'ns']);
  const partial = JSON.parse(some.stdout) as Record<string, string>;
  t.not(partial.pid, host.pid);
  t.not(partial.net, host.net);
  for (const n of ['mnt', 'uts', 'ipc', 'user', 'cgroup', 'time'] as const) t.is(partial[n], host[n], n);
});

test('isolab exec returns the workload exit status', (t) => {
  t.is(isolab(['exec', '--', 'probe', 'exit', '3']).code, 3);
});

test('isolab exec --json reports an OOM kill', (t) => {
  const r = isolab(['exec', '--memory', '32m', '--json', '--', 'probe', 'alloc', '256']);
  const result = JSON.parse(r.stdout) as { oomKilled: boolean; signal: string; phases: Record<string, number> };
  t.true(result.oomKilled);
  t.is(result.signal, 'SIGKILL');
  t.true(result.phases.total > 0);
  t.is(r.code, 137);
});

test('bad input gets one clear error naming the option or field, and a non-zero exit', (t) => {
  const ns = isolab(['exec', '--ns', 'pid,bogus', '--', 'probe', 'ns']);
  t.is(ns.code, 1);
  t.regex(ns.stderr, /unknown namespace "bogus"/);
  const mem = isolab(['exec', '--memory', '12x', '--', 'probe', 'ns']);
  t.regex(mem.stderr, /--memory: "12x" is not a size/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isolab-cli-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ociVersion: '1.0.2', process: { args: [] } }));
  const spec = isolab(['exec', '--spec', path.join(dir, 'config.json')]);
  t.is(spec.code, 1);
  t.regex(spec.stderr, /spec\.process\.args: must name the program to run/);
});

test('without root, isolab says so in one sentence and changes nothing', (t) => {
  const r = isolab(['exec', '--', 'probe', 'ns'], { uid: 65534 });
  t.is(r.code, 1);
  t.regex(r.stderr, /must run as root/);
  t.is(r.stderr.trim().split('\n').length, 1);
});

test('isolab env --json and gc and --help work', (t) => {
  const env = JSON.parse(isolab(['env', '--json']).stdout) as { kernel: { release: string } };
  t.is(env.kernel.release, os.release());
  t.is(isolab(['gc']).code, 0);
  for (const cmd of ['exec', 'env', 'gc']) t.regex(isolab([cmd, '--help']).stdout, /Usage: isolab/);
});
