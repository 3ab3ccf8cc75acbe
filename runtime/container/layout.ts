// Where one container's state lives on the host while it exists.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { runRoot } from '../launcher/paths.js';

/** The host paths of one container. */
export interface ContainerLayout {
  id: string;
  dir: string;
  intent: string;
  init: string;
  upper: string;
  work: string;
  rootfs: string;
  stdout: string;
  stderr: string;
}

/** A fresh container id: 12 hex digits. */
export function newContainerId(): string {
  return randomBytes(6).toString('hex');
}

/** The directory holding every container's state. */
export function containersDir(): string {
  return path.join(runRoot(), 'containers');
}

/** The paths of container id. */
export function containerLayout(id: string): ContainerLayout {
  const dir = path.join(containersDir(), id);
  return {
    id,
    dir,
    intent: path.join(dir, 'intent.json'),
    init: path.join(dir, 'init'),
    upper: path.join(dir, 'upper'),
    work: path.join(dir, 'work'),
    rootfs: path.join(dir, 'rootfs'),
    stdout: path.join(dir, 'stdout'),
    stderr: path.join(dir, 'stderr'),
  };
}
