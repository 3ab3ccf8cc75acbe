// The startup benchmark's runtimes by name, and parsing the CLI's --runtime list.
import { STARTUP_RUNTIMES, type StartupRuntime, type StartupRuntimeName } from './adapter.js';
import { builtinRuntime } from './builtin.js';
import { dockerRuntime, podmanRuntime } from './engine.js';
import { bwrapRuntime, floorRuntime, unshareRuntime } from './host-tools.js';
import { crunRuntime, runcRuntime } from './oci-cli.js';

const BY_NAME: Record<StartupRuntimeName, StartupRuntime<unknown>> = {
  builtin: builtinRuntime,
  floor: floorRuntime,
  unshare: unshareRuntime,
  bwrap: bwrapRuntime,
  crun: crunRuntime,
  runc: runcRuntime,
  docker: dockerRuntime,
  podman: podmanRuntime,
};

/** The adapter of a runtime. */
export function startupRuntime(name: StartupRuntimeName): StartupRuntime<unknown> {
  return BY_NAME[name];
}

/** Whether a string names a startup runtime. */
export function isStartupRuntimeName(name: string): name is StartupRuntimeName {
  return (STARTUP_RUNTIMES as readonly string[]).includes(name);
}

/** Parses "builtin,bwrap" (or "all"); throws naming the unknown entry and the known ones. */
export function parseRuntimeList(text: string, option = '--runtime'): StartupRuntimeName[] {
  const words = text.split(',').map((w) => w.trim()).filter((w) => w !== '');
  if (words.length === 1 && words[0] === 'all') return [...STARTUP_RUNTIMES];
  if (words.length === 0) throw new Error(`${option}: name at least one runtime (${STARTUP_RUNTIMES.join(', ')}, or all)`);
  for (const w of words) {
    if (!isStartupRuntimeName(w)) throw new Error(`${option}: unknown runtime "${w}" (known: ${STARTUP_RUNTIMES.join(', ')}, or all)`);
  }
  return [...new Set(words as StartupRuntimeName[])];
}
