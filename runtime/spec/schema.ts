// Validation of a Spec (OCI config.json subset + isolab section): every error names the field.
import { z } from 'zod';
import { NAMESPACE_TYPES } from './namespaces.js';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
const absPath = z.string().min(1).refine((p) => p.startsWith('/'), 'must be an absolute path');
// Overlay's option string uses ':' and ',' as separators; keep layer paths free of them.
const layerPath = absPath.refine((p) => !/[:,\\\n]/.test(p), 'must not contain ":", ",", "\\" or a newline');
const unlimited = (min: number) => z.union([z.literal(-1), int(min)]);

const idMapping = z.object({ containerID: int(0, 2 ** 32 - 2), hostID: int(0, 2 ** 32 - 2), size: int(1, 2 ** 32 - 1) }).strict();
const timeOffset = z.object({ secs: z.number().int(), nanosecs: int(0, 999_999_999).optional() }).strict();
const capList = z.array(z.string().regex(/^CAP_[A-Z_]+$/, 'must look like CAP_NAME')).optional();
const cpusetList = z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'must be a cpu list such as "0-1,3"');

const resources = z.object({
  cpu: z.object({
    quota: unlimited(1000).optional(),
    period: int(1000, 1_000_000).optional(),
    cpus: cpusetList.optional(),
    mems: cpusetList.optional(),
    shares: int(2, 262_144).optional(),
  }).strict().optional(),
  memory: z.object({
    limit: unlimited(1 << 20).optional(),
    swap: unlimited(1 << 20).optional(),
  }).strict().optional(),
  pids: z.object({ limit: unlimited(1) }).strict().optional(),
}).strict();

/** The zod schema of a Spec. */
export const specSchema = z.object({
  ociVersion: z.string().regex(/^1\.\d+\.\d+/, 'must be an OCI runtime-spec version such as "1.0.2"'),
  process: z.object({
    terminal: z.literal(false, { errorMap: () => ({ message: 'terminals are not supported: must be false' }) }).optional(),
    user: z.object({ uid: int(0, 2 ** 32 - 2), gid: int(0, 2 ** 32 - 2), additionalGids: z.array(int(0, 2 ** 32 - 2)).max(64).optional() }).strict(),
    args: z.array(z.string().min(1).refine((a) => !a.includes('\0'), 'must not contain NUL')).min(1, 'must name the program to run'),
    env: z.array(z.string().regex(/^[^=\0]+=[^\0]*$/, 'must be NAME=VALUE')),
    cwd: absPath,
    capabilities: z.object({ bounding: capList, effective: capList, permitted: capList, inheritable: capList, ambient: capList }).strict().optional(),
    noNewPrivileges: z.boolean().optional(),
  }).strict(),
  root: z.object({ path: z.string(), readonly: z.boolean().optional() }).strict(),
  hostname: z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'must be a host name (letters, digits, "-" and ".")').optional(),
  domainname: z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'must be a domain name').optional(),
  linux: z.object({
    namespaces: z.array(z.object({ type: z.enum(NAMESPACE_TYPES as [string, ...string[]]), path: z.string().optional() }).strict()),
    uidMappings: z.array(idMapping).min(1).max(340).optional(),
    gidMappings: z.array(idMapping).min(1).max(340).optional(),
    timeOffsets: z.object({ monotonic: timeOffset.optional(), boottime: timeOffset.optional() }).strict().optional(),
    resources: resources.optional(),
    cgroupsPath: z.string().regex(/^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'must be a relative cgroup path such as "isolab/abc"').optional(),
    maskedPaths: z.array(absPath).optional(),
    readonlyPaths: z.array(absPath).optional(),
  }).strict(),
  annotations: z.record(z.string()).optional(),
  isolab: z.object({
    rootfs: z.object({
      layers: z.array(layerPath).min(1, 'needs at least one layer').max(498, 'overlayfs allows at most 500 lower layers (isolab adds the init layer)'),
      writable: z.boolean().optional(),
    }).strict(),
    extraHosts: z.array(z.string().regex(/^[^\n]+$/)).optional(),
    dns: z.array(z.string().regex(/^[0-9a-fA-F.:]+$/, 'must be an IP address')).optional(),
    init: z.boolean().optional(),
    setgroups: z.enum(['allow', 'deny']).optional(),
    timeoutMs: int(1).optional(),
  }).strict(),
}).strict();

type Issue = { path: (string | number)[]; message: string };

/** Checks that hold between fields: a hostname needs a uts namespace, and so on. */
export function crossFieldIssues(spec: z.infer<typeof specSchema>): Issue[] {
  const issues: Issue[] = [];
  const types = spec.linux.namespaces.map((n) => n.type);
  const has = (t: string) => types.includes(t);
  types.forEach((t, i) => {
    if (types.indexOf(t) !== i) issues.push({ path: ['linux', 'namespaces', i, 'type'], message: `"${t}" is listed twice` });
  });
  if (spec.hostname && !has('uts')) issues.push({ path: ['hostname'], message: 'setting a hostname needs a "uts" namespace in linux.namespaces' });
  if (spec.domainname && !has('uts')) issues.push({ path: ['domainname'], message: 'setting a domainname needs a "uts" namespace in linux.namespaces' });
  if (has('user')) {
    if (!spec.linux.uidMappings) issues.push({ path: ['linux', 'uidMappings'], message: 'required when linux.namespaces has "user"' });
    if (!spec.linux.gidMappings) issues.push({ path: ['linux', 'gidMappings'], message: 'required when linux.namespaces has "user"' });
  } else {
    if (spec.linux.uidMappings) issues.push({ path: ['linux', 'uidMappings'], message: 'only allowed with a "user" namespace' });
    if (spec.linux.gidMappings) issues.push({ path: ['linux', 'gidMappings'], message: 'only allowed with a "user" namespace' });
    if (spec.isolab.setgroups) issues.push({ path: ['isolab', 'setgroups'], message: 'only allowed with a "user" namespace' });
  }
  if (spec.linux.timeOffsets && !has('time')) issues.push({ path: ['linux', 'timeOffsets'], message: 'only allowed with a "time" namespace' });
  const mem = spec.linux.resources?.memory;
  if (mem?.swap !== undefined && mem.swap !== -1 && (mem.limit === undefined || mem.limit === -1 || mem.swap < mem.limit)) {
    issues.push({ path: ['linux', 'resources', 'memory', 'swap'], message: 'is memory+swap: needs memory.limit and must be at least that limit' });
  }
  const cpu = spec.linux.resources?.cpu;
  if (cpu?.quota !== undefined && cpu.quota !== -1 && cpu.period === undefined) {
    issues.push({ path: ['linux', 'resources', 'cpu', 'period'], message: 'required with cpu.quota' });
  }
  return issues;
}
