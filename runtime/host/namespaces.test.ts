import { readdir, readFile } from 'node:fs/promises';
import test from 'ava';
import { namespaceTypesFromEntries, readNamespaceSupport, toNamespaceType } from './namespaces.js';

test('keeps known namespace types in a fixed order and drops *_for_children', (t) => {
  t.deepEqual(namespaceTypesFromEntries(['uts', 'time_for_children', 'pid', 'pid_for_children', 'mnt', 'bogus']), ['pid', 'mnt', 'uts']);
});

test('accepts OCI namespace names and rejects unknown ones', (t) => {
  t.is(toNamespaceType('mount'), 'mnt');
  t.is(toNamespaceType('network'), 'net');
  t.is(toNamespaceType('time'), 'time');
  t.is(toNamespaceType('time_for_children'), null);
});

test('namespace support lists exactly the known types under /proc/self/ns', async (t) => {
  const support = await readNamespaceSupport();
  const entries = await readdir('/proc/self/ns');
  t.deepEqual([...support.available].sort(), entries.filter((name) => !name.endsWith('_for_children')).sort());
  const limit = Number((await readFile('/proc/sys/user/max_user_namespaces', 'utf8')).trim());
  t.is(support.maxPerUser.user, limit);
});
