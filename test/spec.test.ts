// Spec validation: bad input gets an error that names the field.
import test from 'ava';
import { buildSpec } from '../runtime/spec/defaults.js';
import { parseNsList } from '../runtime/spec/namespaces.js';
import { SpecError, validateSpec } from '../runtime/spec/validate.js';

const good = () => structuredClone(buildSpec({ args: ['probe', 'ns'], layers: ['/tmp'] }));

test('a built spec validates and is frozen', (t) => {
  const s = buildSpec({ args: ['x'], layers: ['/tmp'] });
  t.true(Object.isFrozen(s.process.args));
  t.is(validateSpec(s), s);
});

const cases: [string, (s: any) => void, RegExp][] = [
  ['empty args', (s) => { s.process.args = []; }, /spec\.process\.args: must name the program/],
  ['unknown namespace', (s) => { s.linux.namespaces.push({ type: 'bogus' }); }, /spec\.linux\.namespaces\[\d+\]\.type/],
  ['duplicate namespace', (s) => { s.linux.namespaces.push({ type: 'pid' }); }, /spec\.linux\.namespaces\[\d+\]\.type: "pid" is listed twice/],
  ['relative cwd', (s) => { s.process.cwd = 'tmp'; }, /spec\.process\.cwd: must be an absolute path/],
  ['bad env', (s) => { s.process.env = ['NOEQUALS']; }, /spec\.process\.env\[0\]: must be NAME=VALUE/],
  ['hostname without uts', (s) => { s.linux.namespaces = s.linux.namespaces.filter((n: any) => n.type !== 'uts'); }, /spec\.hostname: .*"uts"/],
  ['user ns without maps', (s) => { s.linux.namespaces.push({ type: 'user' }); }, /spec\.linux\.uidMappings: required/],
  ['negative memory', (s) => { s.linux.resources = { memory: { limit: -5 } }; }, /spec\.linux\.resources\.memory\.limit/],
  ['swap below limit', (s) => { s.linux.resources = { memory: { limit: 64 << 20, swap: 32 << 20 } }; }, /memory\.swap: is memory\+swap/],
  ['quota without period', (s) => { s.linux.resources = { cpu: { quota: 50000 } }; }, /cpu\.period: required with cpu\.quota/],
  ['layer with a colon', (s) => { s.isolab.rootfs.layers = ['/a:b']; }, /spec\.isolab\.rootfs\.layers\[0\]: must not contain ":"/],
  ['too many layers', (s) => { s.isolab.rootfs.layers = Array.from({ length: 499 }, (_, i) => `/l${i}`); }, /at most 500 lower layers/],
  ['unknown field', (s) => { s.process.bogus = 1; }, /spec\.process: unknown field\(s\) "bogus"/],
  ['bad cpuset', (s) => { s.linux.resources = { cpu: { cpus: '0-a' } }; }, /cpu\.cpus: must be a cpu list/],
  ['time offsets without time ns', (s) => { s.linux.timeOffsets = { monotonic: { secs: 1 } }; }, /spec\.linux\.timeOffsets: only allowed with a "time" namespace/],
];

for (const [name, mutate, message] of cases) {
  test(`rejects ${name}, naming the field`, (t) => {
    const s = good();
    mutate(s);
    const err = t.throws(() => validateSpec(s), { instanceOf: SpecError });
    t.regex(err!.message, message);
  });
}

test('namespace lists: all, none, OCI names, and unknown names', (t) => {
  t.deepEqual(parseNsList('all'), ['pid', 'mnt', 'uts', 'ipc', 'net', 'user', 'cgroup', 'time']);
  t.deepEqual(parseNsList('none'), []);
  t.deepEqual(parseNsList('network,pid'), ['pid', 'net']);
  t.throws(() => parseNsList('pid,bogus'), { message: /unknown namespace "bogus"/ });
});
