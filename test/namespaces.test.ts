// Each namespace type: the identity seen inside differs from the host's when the namespace
// is created, and equals the host's when it is left out.
import test from 'ava';
import { NS_NAMES, type NsName } from '../runtime/spec/namespaces.js';
import { assertNothingLeft, hostNamespaces, probe } from './helpers.js';

const host = hostNamespaces();

test('with every namespace created, every identity differs from the host', async (t) => {
  const { r, out } = await probe<Record<NsName, string>>(['ns'], { ns: NS_NAMES });
  for (const n of NS_NAMES) t.not(out[n], host[n], `${n} differs`);
  assertNothingLeft(t, r.id);
});

test('with no namespace created, every identity equals the host', async (t) => {
  const { r, out } = await probe<Record<NsName, string>>(['ns'], { ns: [] });
  t.deepEqual(out, host);
  assertNothingLeft(t, r.id);
});

for (const off of NS_NAMES) {
  test(`leaving out ${off} shares only that namespace with the host`, async (t) => {
    const ns = NS_NAMES.filter((n) => n !== off);
    const { r, out } = await probe<Record<NsName, string>>(['ns'], { ns });
    t.is(out[off], host[off], `${off} is the host's`);
    for (const n of ns) t.not(out[n], host[n], `${n} differs`);
    assertNothingLeft(t, r.id);
  });
}

test('the default set creates pid, mnt, uts, ipc, net and cgroup but not user and time', async (t) => {
  const { out } = await probe<Record<NsName, string>>(['ns']);
  for (const n of ['pid', 'mnt', 'uts', 'ipc', 'net', 'cgroup'] as const) t.not(out[n], host[n]);
  t.is(out.user, host.user);
  t.is(out.time, host.time);
});
