// Finding the RuntimeAdapter of a runtime name. The adapter registry (runtime/adapters/
// registry.ts) is used when this tree has it; until then the built-in runtime is the only
// real one. "host" is the suites' own control runtime.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RuntimeAdapter } from '../runtime/adapters/adapter.js';
import { buildSpec } from '../runtime/spec/defaults.js';
import { NS_NAMES, type NsName } from '../runtime/spec/namespaces.js';
import { BuiltinAdapter } from '../runtime/adapters/builtin.js';
import { HostControlAdapter } from './host/host-adapter.js';
import { HOST_RUNTIME } from './matrix/cell-def.js';

const REGISTRY = fileURLToPath(new URL('../runtime/adapters/registry.ts', import.meta.url));

type Lookup = (name: string) => RuntimeAdapter | undefined | Promise<RuntimeAdapter | undefined>;

async function registryLookup(): Promise<Lookup | undefined> {
  if (!fs.existsSync(REGISTRY) && !fs.existsSync(REGISTRY.replace(/\.ts$/, '.js'))) return undefined;
  const spec = '../runtime/adapters/registry.js'; // a variable: the module may not exist at build time
  const mod = (await import(spec)) as { adapterByName?: Lookup };
  return mod.adapterByName;
}

/** The adapter of a runtime name, or undefined when isolab has none by that name. */
export async function suiteAdapter(name: string): Promise<RuntimeAdapter | undefined> {
  if (name === HOST_RUNTIME) return new HostControlAdapter();
  const lookup = await registryLookup().catch(() => undefined);
  if (lookup) {
    try {
      const a = await lookup(name);
      if (a) return a;
    } catch {
      /* unknown to the registry: fall through */
    }
  }
  return name === 'builtin' ? new BuiltinAdapter() : undefined;
}

/**
 * The namespaces a runtime can create, as its adapter's unsupported() tells for a Spec with
 * that namespace (plus mount and network namespaces, which some runtimes always need:
 * docker here runs with --network none only). An unknown or
 * unavailable runtime gets all of them: its cells are skipped with the real reason anyway.
 */
export async function namespacesOf(name: string): Promise<NsName[]> {
  const adapter = await suiteAdapter(name);
  if (!adapter || !(await adapter.available()).ok) return [...NS_NAMES];
  return NS_NAMES.filter((n) => {
    const ns = [...new Set<NsName>(['mnt', 'net', n])];
    const spec = buildSpec({
      args: ['true'], layers: ['/nonexistent'], ns,
      ...(n === 'uts' ? { hostname: 'probe' } : {}),
      ...(n === 'time' ? { timeOffsets: { monotonic: { secs: 1 } } } : {}),
    });
    return adapter.unsupported(spec) === undefined;
  });
}
