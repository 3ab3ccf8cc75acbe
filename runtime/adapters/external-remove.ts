// Removing a container that an external runtime created for isolab, through that runtime:
// used by teardown paths and by `isolab gc` for harnesses that died mid-run.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { ExternalContainer } from '../container/intent.js';
import { AdapterError } from './adapter-error.js';
import { docker, isEngineUnreachable } from './docker-cli.js';
import { ociBinary, ociCommand, ociStateRoot } from './oci-cli-command.js';

const DELETE_TIMEOUT_MS = 30_000;

/**
 * `runc --root R delete --force ID`, `crun … delete --force ID` or `docker rm -f ID`.
 * A container the runtime no longer knows is fine; an engine that is not running cannot
 * hold a running container either (its leftovers are swept when it runs again).
 */
export async function removeExternalContainer(ext: ExternalContainer): Promise<void> {
  if (ext.runtime === 'docker') {
    const r = await docker(['rm', '-f', ext.id], { timeoutMs: DELETE_TIMEOUT_MS });
    if (r.exitCode === 0 || /No such container/i.test(r.stderr) || isEngineUnreachable(r.stderr) || r.exitCode === 127) return;
    throw new AdapterError({ runtime: 'docker', step: 'delete', what: `docker rm -f ${ext.id}`, detail: r.stderr });
  }
  const root = ext.root ?? ociStateRoot(ext.runtime);
  const state = path.join(root, ext.id);
  if (!fs.existsSync(state)) return; // deleted already (crun run deletes on exit)
  const bin = ociBinary(ext.runtime);
  if (!bin) throw new AdapterError({ runtime: ext.runtime, step: 'delete', what: `delete of ${ext.id}`, detail: `${ext.runtime} is no longer installed`, path: state });
  const cmd = ociCommand(ext.runtime, bin, ['delete', '--force', ext.id], root);
  const r = await execa(cmd.file, cmd.args, { reject: false, timeout: DELETE_TIMEOUT_MS, stdin: 'ignore' });
  if (r.exitCode !== 0 && fs.existsSync(state)) {
    throw new AdapterError({ runtime: ext.runtime, step: 'delete', what: `${ext.runtime} delete --force ${ext.id}`, detail: String(r.stderr), path: state });
  }
}
