// The cgroup v2 path of the built-in runtime on this host's cgroup2 mount: the container is
// cloned straight into its cgroup (clone3 CLONE_INTO_CGROUP). On a hybrid host that mount
// has no controllers, so these containers have no limits; on a unified host every other
// test already takes this path.
process.env.ISOLAB_CGROUP_VERSION = 'v2';

import test from 'ava';
import fs from 'node:fs';
import { detectCgroupHost } from '../runtime/cgroup/detect.js';
import { assertNothingLeft, probe } from './helpers.js';

const host = detectCgroupHost();
const v2 = host.v2 ? test : test.skip;

interface Self { cgroup: { id: number; path: string }[] }

v2('the container starts in its own v2 cgroup, and the cgroup namespace makes it the root', async (t) => {
  const { r, out } = await probe<Self>(['self'], { ns: ['pid', 'mnt'] });
  t.is(out.cgroup.find((c) => c.id === 0)?.path, `/isolab/${r.id}`);
  t.true((r.stamps.cgroup ?? Infinity) < (r.stamps.cloned ?? 0), 'the cgroup was made before clone');
  t.false(fs.existsSync(`${host.v2!.mount}/isolab/${r.id}`), 'and removed after the exit');
  const { r: r2, out: inNs } = await probe<Self>(['self'], { ns: ['pid', 'mnt', 'cgroup'] });
  t.is(inNs.cgroup.find((c) => c.id === 0)?.path, '/');
  assertNothingLeft(t, r2.id);
});

v2('a container in a user namespace is cloned into its cgroup too', async (t) => {
  const { r, out } = await probe<Self>(['self'], { ns: ['user', 'pid', 'mnt'] });
  t.is(out.cgroup.find((c) => c.id === 0)?.path, `/isolab/${r.id}`);
  assertNothingLeft(t, r.id);
});
