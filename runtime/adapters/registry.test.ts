// Adapters by name.
import test from 'ava';
import { adapterByName, ADAPTER_NAMES, listAdapters } from './registry.js';

test('every adapter name gives the adapter of that name, once per process', (t) => {
  for (const n of ADAPTER_NAMES) t.is(adapterByName(n).name, n);
  t.is(adapterByName('runc'), adapterByName('runc'));
  t.deepEqual(listAdapters().map((a) => a.name), ['builtin', 'runc', 'crun', 'docker']);
});

test('an unknown name is an error that lists the known ones', (t) => {
  t.throws(() => adapterByName('podman'), { message: /unknown runtime "podman".*builtin, runc, crun, docker/ });
});
