// File descriptors: nothing but stdin, stdout and stderr is open in the container's first
// process — an inherited host descriptor is a way out of the rootfs (runc CVE-2024-21626).
import { isolated, shared, type Check } from './types.js';

const noHostFds: Check = {
  id: 'fds-none-inherited',
  area: 'fds',
  description: 'the workload has no open descriptor besides 0, 1 and 2',
  async run(ctx) {
    const { out } = await ctx.probe<{ fds: { fd: number; target: string }[] }>(['fds']);
    const extra = out.fds.filter((f) => f.fd > 2).map((f) => `${f.fd} → ${f.target}`);
    const evidence = { open: out.fds.map((f) => f.fd), extra };
    return extra.length ? shared(evidence) : isolated(evidence);
  },
};

/** The file descriptor checks. */
export const FDS_CHECKS: readonly Check[] = [noHostFds];
