// Every isolation check, by area, in the order results are reported.
import { AREAS, type Area } from '../areas.js';
import { CGROUP_LIMIT_CHECKS } from './cgroup-limits.js';
import { CGROUPNS_CHECKS } from './cgroupns.js';
import { FDS_CHECKS } from './fds.js';
import { INIT_LAYER_CHECKS } from './init-layer.js';
import { IPC_CHECKS } from './ipc.js';
import { MOUNT_CHECKS } from './mount.js';
import { NET_CHECKS } from './net.js';
import { PID_CHECKS } from './pid.js';
import { TIMENS_CHECKS } from './timens.js';
import type { Check } from './types.js';
import { USER_CHECKS } from './user.js';
import { UTS_CHECKS } from './uts.js';
import { WHITEOUT_CHECKS } from './whiteout.js';

const BY_AREA: Record<Area, readonly Check[]> = {
  pid: PID_CHECKS,
  mount: MOUNT_CHECKS,
  uts: UTS_CHECKS,
  ipc: IPC_CHECKS,
  net: NET_CHECKS,
  user: USER_CHECKS,
  cgroupns: CGROUPNS_CHECKS,
  timens: TIMENS_CHECKS,
  fds: FDS_CHECKS,
  'cgroup-limits': CGROUP_LIMIT_CHECKS,
  whiteout: WHITEOUT_CHECKS,
  'init-layer': INIT_LAYER_CHECKS,
};

/** Every check. */
export const ALL_CHECKS: readonly Check[] = AREAS.flatMap((a) => BY_AREA[a]);

/** The checks of some areas. */
export function checksOf(areas: readonly Area[]): Check[] {
  return AREAS.filter((a) => areas.includes(a)).flatMap((a) => BY_AREA[a]);
}
