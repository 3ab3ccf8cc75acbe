// Spec → docker run flags, and the Specs docker cannot express.
import test from 'ava';
import { buildSpec, DEFAULT_CAPS } from '../spec/defaults.js';
import { dockerRunFlags, dockerUnsupported } from './docker-flags.js';

const spec = (o: Partial<Parameters<typeof buildSpec>[0]> = {}) => buildSpec({ args: ['probe', 'ns'], layers: ['/var/lib/isolab/l1'], ...o });
const HOST = { boundingCapabilities: ['CAP_CHOWN', 'CAP_SYS_ADMIN'] };
const flags = (s: ReturnType<typeof spec>) => dockerRunFlags(s, HOST);
/** The value after each occurrence of flag. */
const values = (f: string[], flag: string) => f.flatMap((x, i) => (x === flag ? [f[i + 1]!] : []));

test('every container gets --network none', (t) => {
  t.deepEqual(values(flags(spec()), '--network'), ['none']);
  t.deepEqual(values(flags(spec({ ns: ['mnt', 'net'] })), '--network'), ['none']);
});

test('namespaces left off become --pid/--ipc/--uts/--cgroupns host', (t) => {
  const all = flags(spec());
  t.deepEqual(values(all, '--pid'), []);
  t.deepEqual(values(all, '--ipc'), ['private']);
  t.deepEqual(values(all, '--uts'), []);
  t.deepEqual(values(all, '--cgroupns'), ['private']);
  const few = flags(spec({ ns: ['mnt', 'net'] }));
  t.deepEqual(values(few, '--pid'), ['host']);
  t.deepEqual(values(few, '--ipc'), ['host']);
  t.deepEqual(values(few, '--uts'), ['host']);
  t.deepEqual(values(few, '--cgroupns'), ['host']);
});

test('what docker cannot express is an unsupported reason', (t) => {
  t.is(dockerUnsupported(spec()), undefined);
  t.regex(dockerUnsupported(spec({ ns: ['pid', 'net'] })) ?? '', /mount namespace/);
  t.regex(dockerUnsupported(spec({ ns: ['pid', 'mnt'] })) ?? '', /--network none/);
  t.regex(dockerUnsupported(spec({ ns: ['mnt', 'net', 'time'] })) ?? '', /time namespace/);
  t.regex(dockerUnsupported(spec({ ns: ['mnt', 'net', 'user'] })) ?? '', /userns-remap/);
});

test('limits map to docker flags; memory without swap means unlimited swap, not docker\'s double', (t) => {
  const f = flags(spec({ memoryBytes: 64 << 20, cpus: 0.5, cpuset: '0', pids: 32 }));
  t.deepEqual(values(f, '--memory'), [String(64 << 20)]);
  t.deepEqual(values(f, '--memory-swap'), ['-1']);
  t.deepEqual(values(f, '--cpu-quota'), ['50000']);
  t.deepEqual(values(f, '--cpu-period'), ['100000']);
  t.deepEqual(values(f, '--cpuset-cpus'), ['0']);
  t.deepEqual(values(f, '--pids-limit'), ['32']);
  t.deepEqual(values(flags(spec({ memoryBytes: 64 << 20, swapBytes: 64 << 20 })), '--memory-swap'), [String(64 << 20)]);
});

test('capabilities: drop all, add the Spec\'s; no capability list means the host\'s bounding set', (t) => {
  const f = flags(spec());
  t.deepEqual(values(f, '--cap-drop'), ['ALL']);
  t.deepEqual(values(f, '--cap-add').sort(), DEFAULT_CAPS.map((c) => c.replace('CAP_', '')).sort());
  const p = flags(spec({ privileged: true }));
  t.deepEqual(values(p, '--cap-drop'), []);
  t.deepEqual(values(p, '--cap-add'), ['CHOWN', 'SYS_ADMIN']);
  t.true(values(p, '--security-opt').includes('systempaths=unconfined'), 'nothing masked');
  t.false(values(f, '--security-opt').includes('systempaths=unconfined'), "docker's masked paths are the Spec's defaults");
});

test('process, hostname, init, read-only root and seccomp follow the Spec', (t) => {
  const f = flags(spec({ hostname: 'box', uid: 1000, gid: 1000, cwd: '/tmp', init: true, readonlyRoot: true, env: ['A=1'] }));
  t.deepEqual(values(f, '--hostname'), ['box']);
  t.deepEqual(values(f, '--user'), ['1000:1000']);
  t.deepEqual(values(f, '--workdir'), ['/tmp']);
  t.deepEqual(values(f, '--env'), ['A=1']);
  t.true(f.includes('--init'));
  t.true(f.includes('--read-only'));
  t.true(values(f, '--security-opt').includes('seccomp=unconfined'), 'the Spec has no seccomp profile');
  t.true(values(f, '--security-opt').includes('no-new-privileges'));
  t.false(flags(spec()).includes('--init'));
});
