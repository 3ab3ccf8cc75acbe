// OCI image configs as isolab writes them: the runtime settings (Env, Cmd, …), the layers'
// diffIDs and one history entry per layer. Nothing in them depends on the clock or the host
// beyond its architecture, so the same layers give the same config bytes, hence digest.
import type { Digest } from './store-records.js';

/** The runtime settings of an image (OCI config.config), as isolab's descriptions spell them. */
export interface RunSettings {
  env?: string[];
  cmd?: string[];
  entrypoint?: string[];
  workingDir?: string;
  user?: string;
  labels?: Record<string, string>;
}

/** What a new image config is made of. */
export interface ImageConfigInput {
  /** The parent image's config: its settings and history are kept, its layers come first. */
  parent?: Record<string, unknown>;
  /** Settings that override the parent's. */
  settings?: RunSettings;
  /** created_by of each layer added on top of the parent (one per new layer). */
  history?: string[];
}

/** GOARCH spelling of this host's architecture, as image configs and platforms use it. */
export function goArch(arch: string = process.arch): string {
  return ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[arch] ?? arch;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An image config for `diffIds` (the whole stack, lowest first). */
export function imageConfig(diffIds: readonly Digest[], o: ImageConfigInput = {}): Record<string, unknown> {
  const parent = o.parent ?? {};
  const run: Record<string, unknown> = isObject(parent.config) ? { ...parent.config } : {};
  const s = o.settings ?? {};
  if (s.env) run.Env = mergeEnv(Array.isArray(run.Env) ? (run.Env as string[]) : [], s.env);
  if (s.cmd) run.Cmd = s.cmd;
  if (s.entrypoint) run.Entrypoint = s.entrypoint;
  if (s.workingDir) run.WorkingDir = s.workingDir;
  if (s.user) run.User = s.user;
  if (s.labels) run.Labels = { ...(isObject(run.Labels) ? run.Labels : {}), ...s.labels };
  const history = [...(Array.isArray(parent.history) ? parent.history : []), ...(o.history ?? []).map((created_by) => ({ created_by }))];
  return {
    architecture: typeof parent.architecture === 'string' ? parent.architecture : goArch(),
    os: 'linux',
    config: run,
    rootfs: { type: 'layers', diff_ids: [...diffIds] },
    ...(history.length ? { history } : {}),
  };
}

/** Env with `add` applied: a NAME=VALUE replaces the same NAME. */
function mergeEnv(base: string[], add: string[]): string[] {
  const name = (e: string): string => e.split('=', 1)[0]!;
  const added = new Set(add.map(name));
  return [...base.filter((e) => !added.has(name(e))), ...add];
}

/** The config to ship with a record's layers: the record's own when it lists exactly those layers, else one rebuilt around its settings. */
export function configForLayers(config: Record<string, unknown>, diffIds: readonly Digest[]): Record<string, unknown> {
  const rootfs = config.rootfs;
  const listed = isObject(rootfs) && Array.isArray(rootfs.diff_ids) ? (rootfs.diff_ids as unknown[]) : undefined;
  if (listed && listed.length === diffIds.length && listed.every((d, i) => d === diffIds[i])) return config;
  return { ...imageConfig(diffIds, { parent: { ...config, history: undefined } }), ...(Array.isArray(config.history) && config.history.length === diffIds.length ? { history: config.history } : {}) };
}
