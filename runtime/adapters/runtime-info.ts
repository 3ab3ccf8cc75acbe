// What an installed OCI runtime is and can do: binary, version, namespace types.
// Read once per process, synchronously (unsupported() must answer without awaiting).
import { execFileSync } from 'node:child_process';
import type { NamespaceType } from '../spec/namespaces.js';
import { NAMESPACE_TYPES } from '../spec/namespaces.js';
import { ociBinary, type OciRuntimeName } from './oci-cli-command.js';

/** An installed runtime, or why it is not usable. */
export type RuntimeInfo =
  | { ok: true; binary: string; version: string; namespaces: readonly NamespaceType[]; brokenNamespaces: Partial<Record<NamespaceType, string>> }
  | { ok: false; reason: string };

const cache = new Map<OciRuntimeName, RuntimeInfo>();

/** The first "X version V" line of `runtime --version`. */
export function parseVersion(text: string): string | undefined {
  return /version\s+(\S+)/.exec(text)?.[1];
}

/**
 * Namespace types a runtime version is known to accept but not to honour, measured here:
 * crun 1.8.1 with a time namespace dies at start when it also has a pid namespace
 * ("write to sync socket: Broken pipe": the intermediate process that unshared the time
 * namespace is the pid namespace's init and takes the container with it) and, without one,
 * runs with the clock offsets not applied.
 */
function knownBroken(runtime: OciRuntimeName, version: string): Partial<Record<NamespaceType, string>> {
  if (runtime === 'crun' && /^1\.8(\.|$)/.test(version)) {
    return { time: `crun ${version} does not honour a time namespace (the container dies at start with a pid namespace, and clock offsets are not applied without one)` };
  }
  return {};
}

/** runc lists what it supports in `runc features` (1.1+); crun 1.8 has no such command. */
function namespacesOf(runtime: OciRuntimeName, binary: string): readonly NamespaceType[] {
  if (runtime === 'runc') {
    try {
      const f = JSON.parse(execFileSync(binary, ['features'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] })) as { linux?: { namespaces?: string[] } };
      const listed = f.linux?.namespaces;
      if (listed) return NAMESPACE_TYPES.filter((t) => listed.includes(t));
    } catch {
      // runc before 1.1: no features command; it knows every type but time.
    }
    return NAMESPACE_TYPES.filter((t) => t !== 'time');
  }
  return NAMESPACE_TYPES;
}

/** What runtime is here (cached). */
export function runtimeInfo(runtime: OciRuntimeName): RuntimeInfo {
  const known = cache.get(runtime);
  if (known) return known;
  let info: RuntimeInfo;
  const binary = ociBinary(runtime);
  if (!binary) {
    info = { ok: false, reason: `${runtime} is not installed (not found on PATH; install it, e.g. apt-get install ${runtime}, or set ISOLAB_${runtime.toUpperCase()} to its path)` };
  } else {
    try {
      const out = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'pipe'] });
      const version = parseVersion(out) ?? out.split('\n')[0]?.trim() ?? 'unknown';
      info = { ok: true, binary, version, namespaces: namespacesOf(runtime, binary), brokenNamespaces: knownBroken(runtime, version) };
    } catch (err) {
      info = { ok: false, reason: `${binary} --version failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  cache.set(runtime, info);
  return info;
}
