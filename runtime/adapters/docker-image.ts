// Images in docker's own store for a Spec's layers. There is no registry: one layer is a
// `docker import` of a tar of the directory (the default image); a stack of layers becomes a
// `docker load` archive whose layers are the directories committed as OCI layer tars
// (overlay whiteouts turned into .wh. files), so docker's overlay2 rebuilds the same stack.
// Tags are content-derived and cached: docker keeps them between runs.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ensureDefaultImage } from '../rootfs/default-image.js';
import { AdapterError } from './adapter-error.js';
import { docker, dockerBinary } from './docker-cli.js';

const pending = new Map<string, Promise<string>>();

/** The tag of a layer stack: isolab/default:<hash> for the default image, isolab/layers:<hash> otherwise. */
export function imageTag(layers: readonly string[], defaultImage: string | undefined): string {
  if (layers.length === 1 && defaultImage !== undefined && path.resolve(layers[0]!) === path.resolve(defaultImage)) {
    return `isolab/default:${path.basename(defaultImage)}`; // the default image's directory is named by its content hash
  }
  const h = createHash('sha256');
  for (const l of layers) {
    const st = fs.statSync(l);
    h.update(`${path.resolve(l)}\0${st.ino}\0${st.mtimeMs}\0`);
  }
  return `isolab/layers:${h.digest('hex').slice(0, 16)}`;
}

function defaultImageIfBuilt(): string | undefined {
  try {
    return ensureDefaultImage();
  } catch {
    return undefined;
  }
}

/** The docker image (tag) of a layer stack (lowest first), imported on first use. */
export function ensureDockerImage(layers: readonly string[]): Promise<string> {
  const tag = imageTag(layers, defaultImageIfBuilt());
  let p = pending.get(tag);
  if (!p) {
    p = importIfMissing(tag, layers);
    pending.set(tag, p);
    p.catch(() => pending.delete(tag));
  }
  return p;
}

async function importIfMissing(tag: string, layers: readonly string[]): Promise<string> {
  const have = await docker(['image', 'inspect', '--format', '{{.Id}}', tag], { timeoutMs: 10_000 });
  if (have.exitCode === 0) return tag;
  if (layers.length === 1) await importDirectory(tag, layers[0]!);
  else await loadLayerStack(tag, layers);
  return tag;
}

/** `tar -C dir -c . | docker import - tag`. */
async function importDirectory(tag: string, dir: string): Promise<void> {
  const bin = dockerBinary();
  const tar = execa('tar', ['-C', dir, '--numeric-owner', '-cf', '-', '.'], { stdin: 'ignore', reject: false });
  const imp = tar.pipe(bin ?? 'docker', ['import', '-', tag], { reject: false, timeout: 120_000 });
  const [t, r] = await Promise.all([tar, imp]);
  if (t.exitCode !== 0 || r.exitCode !== 0) {
    throw new AdapterError({ runtime: 'docker', step: 'image', what: `docker import of ${dir} as ${tag}`, detail: `${String(t.stderr)}\n${String(r.stderr)}` });
  }
}

/** Writes a docker-archive (manifest.json, config, one layer.tar per layer) and `docker load`s it. */
async function loadLayerStack(tag: string, layers: readonly string[]): Promise<void> {
  // The image code is loaded only for layer stacks: single-layer images need none of it.
  const { commitLayer } = await import('../image/commit-layer.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isolab-docker-archive-'));
  try {
    const diffIds: string[] = [];
    const files: string[] = [];
    for (const [i, layer] of layers.entries()) {
      const rel = `layer${i}/layer.tar`;
      fs.mkdirSync(path.join(dir, `layer${i}`));
      const c = await commitLayer(layer, path.join(dir, rel));
      diffIds.push(c.diffId);
      files.push(rel);
    }
    const config = JSON.stringify({
      architecture: process.arch === 'x64' ? 'amd64' : process.arch, os: 'linux', config: {},
      rootfs: { type: 'layers', diff_ids: diffIds },
      history: layers.map((l) => ({ created_by: `isolab layer ${l}` })),
    });
    const configName = `${createHash('sha256').update(config).digest('hex')}.json`;
    fs.writeFileSync(path.join(dir, configName), config);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify([{ Config: configName, RepoTags: [tag], Layers: files }]));
    const bin = dockerBinary();
    const tar = execa('tar', ['-C', dir, '-cf', '-', '.'], { stdin: 'ignore', reject: false });
    const load = tar.pipe(bin ?? 'docker', ['load', '--quiet'], { reject: false, timeout: 300_000 });
    const [t, r] = await Promise.all([tar, load]);
    if (t.exitCode !== 0 || r.exitCode !== 0) {
      throw new AdapterError({ runtime: 'docker', step: 'image', what: `docker load of ${layers.length} layers as ${tag}`, detail: `${String(t.stderr)}\n${String(r.stderr)}` });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
