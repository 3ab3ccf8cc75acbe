// The runtime adapters isolab knows, by name.
import type { RuntimeAdapter } from './adapter.js';
import { BuiltinAdapter } from './builtin.js';
import { DockerAdapter } from './docker.js';
import { OciCliAdapter } from './oci-cli.js';

/** The names of every adapter, the default first. */
export const ADAPTER_NAMES = ['builtin', 'runc', 'crun', 'docker'] as const;

/** An adapter name. */
export type AdapterName = (typeof ADAPTER_NAMES)[number];

const made = new Map<AdapterName, RuntimeAdapter>();

/** Whether name is an adapter name. */
export function isAdapterName(name: string): name is AdapterName {
  return (ADAPTER_NAMES as readonly string[]).includes(name);
}

/** The adapter called name (one instance per process). Throws naming the known ones for an unknown name. */
export function adapterByName(name: string): RuntimeAdapter {
  if (!isAdapterName(name)) throw new Error(`unknown runtime "${name}": use one of ${ADAPTER_NAMES.join(', ')}`);
  let a = made.get(name);
  if (!a) {
    a = name === 'builtin' ? new BuiltinAdapter() : name === 'docker' ? new DockerAdapter() : new OciCliAdapter(name);
    made.set(name, a);
  }
  return a;
}

/** Every adapter, the default (builtin) first. */
export function listAdapters(): RuntimeAdapter[] {
  return ADAPTER_NAMES.map((n) => adapterByName(n));
}
