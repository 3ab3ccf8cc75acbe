// UTS namespace: the container has its own host name, and renaming inside leaves the
// host's names alone.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { isolatedWithAny, notOnHost, tried } from './helpers.js';
import { isolated, observationError, shared, type Check, type TryResult } from './types.js';

const DOMAINNAME = '/proc/sys/kernel/domainname';

const hostname: Check = {
  id: 'uts-hostname',
  area: 'uts',
  description: "the container's host name is the configured one, not the host's",
  async run(ctx) {
    const { out } = await ctx.probe<{ hostname: string }>(['self']);
    const evidence = { inside: out.hostname, host: os.hostname(), configured: ctx.cell.spec.hostname ?? null };
    if (out.hostname === os.hostname()) return shared(evidence);
    return ctx.cell.spec.hostname === undefined || out.hostname === ctx.cell.spec.hostname ? isolated(evidence) : observationError(evidence);
  },
};

/**
 * setdomainname rather than sethostname: both write the same UTS namespace record, and a
 * control cell really changes the host's name for a moment — the NIS domain name is read
 * by nothing here, the host name by everything. The original is written back at once.
 */
const setName: Check = {
  id: 'uts-setdomainname',
  area: 'uts',
  description: "setdomainname inside (with CAP_SYS_ADMIN) leaves the host's domain name unchanged",
  // With a user namespace but the host's UTS namespace, the container lacks the capability.
  expected: isolatedWithAny('uts', 'user'),
  canRun: notOnHost('rename the host'),
  async run(ctx) {
    const name = `isolab-${randomBytes(4).toString('hex')}`;
    return ctx.exclusive('host-domainname', async () => {
      const before = fs.readFileSync(DOMAINNAME, 'utf8').trim();
      let after = before;
      try {
        const { out } = await ctx.probe<TryResult>(['try', 'setdomainname', name], { addCaps: ['CAP_SYS_ADMIN'] });
        after = fs.readFileSync(DOMAINNAME, 'utf8').trim();
        const evidence = { setInside: tried(out), hostBefore: before, hostAfter: after };
        if (after !== before) return shared(evidence);
        return out.ok || out.error === 'EPERM' ? isolated(evidence) : observationError(evidence);
      } finally {
        if (fs.readFileSync(DOMAINNAME, 'utf8').trim() !== before) fs.writeFileSync(DOMAINNAME, before);
      }
    });
  },
};

/** The UTS namespace checks. */
export const UTS_CHECKS: readonly Check[] = [hostname, setName];
