import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { startupSpec } from './bench-spec.js';
import { benchOciConfig, writeOciBundle } from './oci-bundle.js';

test('the bundle config runs the benchmark Spec on the image directory, read-only, with its limits', (t) => {
  const c = benchOciConfig(startupSpec('/images/default', 'exit'), 'isolab-bench-ab-1');
  t.deepEqual(c.root, { path: '/images/default', readonly: true });
  t.deepEqual(c.process.args, ['/usr/bin/probe', 'exit']);
  t.false(c.process.terminal ?? true);
  t.deepEqual(c.linux.namespaces.map((n) => n.type).sort(), ['cgroup', 'ipc', 'mount', 'network', 'pid', 'uts']);
  t.deepEqual(c.linux.resources, { cpu: { quota: 100_000, period: 100_000 }, memory: { limit: 256 * 2 ** 20 }, pids: { limit: 256 } });
  t.is(c.linux.cgroupsPath, '/isolab-bench-ab-1');
  t.false('isolab' in c);
  t.false(c.mounts.some((m) => m.destination === '/sys/fs/cgroup'), 'the built-in launcher mounts no cgroupfs either');
  t.true(c.mounts.some((m) => m.destination === '/proc' && m.type === 'proc'));
});

test('a Spec with several layers is refused, naming the field', (t) => {
  const one = startupSpec('/a', 'exit');
  const spec = { ...one, isolab: { ...one.isolab, rootfs: { layers: ['/a', '/b'] } } };
  t.throws(() => benchOciConfig(spec, 'x'), { message: /^isolab\.rootfs\.layers: .*got 2/ });
});

test('writeOciBundle writes config.json that parses back to the same config', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isolab-bundle-test-'));
  try {
    const c = benchOciConfig(startupSpec('/images/default', 'stamp'), 'x-1');
    writeOciBundle(path.join(dir, 'b'), c);
    t.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'b', 'config.json'), 'utf8')), JSON.parse(JSON.stringify(c)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
