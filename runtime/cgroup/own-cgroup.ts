// Which cgroups the current process is in, from /proc/self/cgroup.

import { readFileSync } from 'node:fs';

/** The calling process's cgroup paths, relative to each hierarchy's root. */
export interface OwnCgroupPaths {
  /** v1 controller (or "name=systemd") → path, e.g. { memory: "/user.slice" }. */
  v1: Record<string, string>;
  /** The cgroup2 path ("0::/…" line), if the process is in a cgroup2 hierarchy. */
  v2: string | undefined;
}

/** Parse /proc/self/cgroup (or the given text): "ID:controller,list:/path" per line. */
export function ownCgroupPaths(text: string = readFileSync('/proc/self/cgroup', 'utf8')): OwnCgroupPaths {
  const own: OwnCgroupPaths = { v1: {}, v2: undefined };
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const path = line.slice(second + 1);
    if (line.slice(0, first) === '0' && controllers === '') {
      own.v2 = path;
      continue;
    }
    for (const controller of controllers.split(',')) {
      if (controller !== '') own.v1[controller] = path;
    }
  }
  return own;
}
