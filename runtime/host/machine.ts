// The machine under the kernel: CPU model and count, memory, kernel identity.
import os from 'node:os';
import { readTextOrNull, readTrimmedOrNull } from './read-host-file.js';

/** CPU facts relevant to benchmark comparisons. */
export interface CpuInfo {
  /** First "model name" (x86) or equivalent line of /proc/cpuinfo; null when absent. */
  model: string | null;
  /** CPUs online: "processor" entries of /proc/cpuinfo (or /sys/devices/system/cpu/online). */
  online: number;
  /** CPUs this process may run on (affinity mask; os.availableParallelism()). */
  usable: number;
}

/** Kernel identity. */
export interface KernelInfo {
  /** Release as uname -r prints it (os.release()), e.g. "6.18.44-fc-v657". */
  release: string;
  /** Full /proc/version line (build host, compiler, build date); null when unreadable. */
  version: string | null;
}

/** Fields of /proc/cpuinfo naming the CPU on different architectures, in preference order. */
const CPU_MODEL_KEYS = ['model name', 'Processor', 'cpu model', 'cpu', 'Hardware'];

/** Extracts the CPU model and the number of "processor" entries from /proc/cpuinfo text. */
export function parseCpuinfo(text: string): { model: string | null; processors: number } {
  const fields = new Map<string, string>();
  let processors = 0;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    if (key === 'processor') processors++;
    if (!fields.has(key)) fields.set(key, line.slice(colon + 1).trim());
  }
  const model = CPU_MODEL_KEYS.map((key) => fields.get(key)).find((value) => value !== undefined && value !== '');
  return { model: model ?? null, processors };
}

/** Counts the CPUs in a kernel CPU list such as "0-3,6,8-9". */
export function countCpuList(list: string): number {
  let count = 0;
  for (const part of list.trim().split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (match) count += match[2] === undefined ? 1 : Number(match[2]) - Number(match[1]) + 1;
  }
  return count;
}

/** Reads CPU model and counts. */
export async function readCpuInfo(): Promise<CpuInfo> {
  const [cpuinfo, onlineList] = await Promise.all([
    readTextOrNull('/proc/cpuinfo'),
    readTrimmedOrNull('/sys/devices/system/cpu/online'),
  ]);
  const parsed = cpuinfo === null ? { model: null, processors: 0 } : parseCpuinfo(cpuinfo);
  const online = parsed.processors || (onlineList ? countCpuList(onlineList) : 0) || os.cpus().length;
  return {
    model: parsed.model ?? os.cpus()[0]?.model ?? null,
    online,
    usable: os.availableParallelism(),
  };
}

/** Reads kernel release and /proc/version. */
export async function readKernelInfo(): Promise<KernelInfo> {
  return { release: os.release(), version: await readTrimmedOrNull('/proc/version') };
}
