// v1 "cpuset" hierarchy. A v1 cpuset starts with empty cpuset.cpus and
// cpuset.mems, and the kernel refuses to let a task join (ENOSPC) until both are
// set — in the leaf and in every parent made along the way. So each empty level
// inherits its parent's values, and the leaf gets what was asked for.

import { join } from 'node:path';
import { readCgroupFile, writeCgroupFile } from './cgroup-io.js';
import { isSet } from './check-resources.js';
import type { LinuxCpu } from './types.js';

const FILES = [
  { file: 'cpuset.cpus', field: 'cpu.cpus', pick: (cpu: LinuxCpu | undefined) => cpu?.cpus },
  { file: 'cpuset.mems', field: 'cpu.mems', pick: (cpu: LinuxCpu | undefined) => cpu?.mems },
] as const;

/** Fill cpuset.cpus/mems from `mount` down to the leaf `relPath`; the leaf takes `cpu.cpus`/`cpu.mems` when given. */
export function applyV1Cpuset(mount: string, relPath: string, cpu: LinuxCpu | undefined): void {
  const segments = relPath.split('/');
  let parent = mount;
  segments.forEach((segment, index) => {
    const dir = join(parent, segment);
    const isLeaf = index === segments.length - 1;
    for (const { file, field, pick } of FILES) {
      const wanted = isLeaf ? pick(cpu) : undefined;
      if (isSet(wanted)) {
        writeCgroupFile(join(dir, file), wanted, { field });
      } else if (readCgroupFile(join(dir, file), 'write-limit').trim() === '') {
        const inherited = readCgroupFile(join(parent, file), 'write-limit').trim();
        writeCgroupFile(join(dir, file), inherited, {
          hint: `copying ${file} from ${parent} failed; set it there by hand or set linux.resources.${field}`,
        });
      }
    }
    parent = dir;
  });
}
