// cgroup namespace: /proc/self/cgroup shows the container's own cgroup as the root ("/").
import { brief } from './helpers.js';
import { isolated, shared, type Check } from './types.js';

const ownRoot: Check = {
  id: 'cgroupns-own-root',
  area: 'cgroupns',
  description: "every line of /proc/self/cgroup inside is \"/\": the container's cgroup is its root",
  async run(ctx) {
    const { out } = await ctx.probe<{ cgroup: { controllers: string; path: string }[] | null }>(['cgroup']);
    const lines = out.cgroup ?? [];
    const notRoot = lines.filter((l) => l.path !== '/').map((l) => `${l.controllers || '(v2)'}:${l.path}`);
    const evidence = { hierarchies: lines.length, notRoot: brief(notRoot) };
    return notRoot.length ? shared(evidence) : isolated(evidence);
  },
};

/** The cgroup namespace checks. */
export const CGROUPNS_CHECKS: readonly Check[] = [ownRoot];
