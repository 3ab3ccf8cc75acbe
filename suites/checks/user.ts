// User namespace: the uid/gid maps are the configured ones, and the container's root is
// not the host's root — a file it creates is owned by the mapped id on the host, and an
// action only the host's root may take (mknod of a device) fails.
import fs from 'node:fs';
import path from 'node:path';
import type { IdMapping } from '../../runtime/spec/types.js';
import { notOnHost, tried } from './helpers.js';
import { isolated, observationError, shared, type Check, type TryResult } from './types.js';

const IDENTITY = '0 0 4294967295';
const norm = (map: string) => map.trim().split('\n').map((l) => l.trim().split(/\s+/).join(' ')).join('\n');
const asText = (m: readonly IdMapping[] | undefined) => m?.map((l) => `${l.containerID} ${l.hostID} ${l.size}`).join('\n');

const maps: Check = {
  id: 'user-id-maps',
  area: 'user',
  description: "/proc/self/uid_map and gid_map inside are the configured maps, not the host's identity map",
  async run(ctx) {
    const { out } = await ctx.probe<{ uid_map: string | null; gid_map: string | null }>(['self']);
    const uid = norm(out.uid_map ?? '');
    const gid = norm(out.gid_map ?? '');
    const want = { uid: asText(ctx.cell.spec.linux.uidMappings), gid: asText(ctx.cell.spec.linux.gidMappings) };
    const evidence = { uidMap: uid, gidMap: gid, configured: want };
    if (uid === IDENTITY || gid === IDENTITY) return shared(evidence);
    return uid === want.uid && gid === want.gid ? isolated(evidence) : observationError(evidence);
  },
};

const fileOwner: Check = {
  id: 'user-file-owner',
  area: 'user',
  description: "a file the container's root creates is owned on the host (in the writable layer) by the mapped uid, not 0",
  canRun: (cell) =>
    notOnHost('create a file as the host root')(cell) ?? (cell.spec.isolab.rootfs.writable === false ? 'the rootfs has no writable layer' : undefined),
  async run(ctx) {
    const rel = `tmp/isolab-owner-${ctx.sentinels.token}`;
    let host: { uid: number; gid: number } | undefined;
    let upperDir: string | undefined;
    const { out } = await ctx.probe<TryResult & { uid?: number }>(['try', 'create', `/${rel}`], {
      inspect: (c) => {
        upperDir = c.upperDir;
        const st = c.upperDir ? fs.statSync(path.join(c.upperDir, rel), { throwIfNoEntry: false }) : undefined;
        if (st) host = { uid: st.uid, gid: st.gid };
      },
    });
    const mapped = ctx.cell.spec.linux.uidMappings?.find((m) => m.containerID === 0)?.hostID;
    const evidence = { create: tried(out), uidInside: out.uid ?? null, hostOwner: host ?? null, mappedRootUid: mapped ?? null };
    if (!upperDir) return observationError({ ...evidence, reason: 'the runtime did not report its writable layer (upperDir)' });
    if (!host) return observationError({ ...evidence, reason: 'the file is not in the writable layer' });
    if (host.uid === 0) return shared(evidence);
    return mapped === undefined || host.uid === mapped ? isolated(evidence) : observationError(evidence);
  },
};

const hostRootOnly: Check = {
  id: 'user-no-host-root',
  area: 'user',
  description: 'mknod of a device (char 1:3), which needs CAP_MKNOD over the host, fails with EPERM',
  canRun: notOnHost('create a device node on the host'),
  async run(ctx) {
    const { out } = await ctx.probe<TryResult>(['try', 'mknod', `/tmp/isolab-mknod-${ctx.sentinels.token}`]);
    const evidence = { mknod: tried(out) };
    if (out.ok) return shared(evidence);
    return out.error === 'EPERM' ? isolated(evidence) : observationError(evidence);
  },
};

/** The user namespace checks. */
export const USER_CHECKS: readonly Check[] = [maps, fileOwner, hostRootOnly];
