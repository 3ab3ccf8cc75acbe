// isolab gc: removes what crashed or killed isolab runs left behind, from their intent logs.
import fs from 'node:fs';
import path from 'node:path';
import { removeExternalContainer } from '../adapters/external-remove.js';
import type { CgroupDriver } from '../cgroup/driver.js';
import { openCgroupDriver } from '../cgroup/select-driver.js';
import { isAlive } from '../sys/proc.js';
import { readIntent } from './intent.js';
import { containersDir } from './layout.js';
import { release, type ReleaseReport } from './release.js';

/** The outcome of one gc pass. */
export interface GcReport {
  released: ReleaseReport[];
  /** Containers skipped because the isolab process that owns them is alive. */
  live: string[];
  errors: { id: string; message: string }[];
}

/** A directory without an intent older than this was left by a crash mid-write. */
const ORPHAN_DIR_AGE_MS = 10_000;

/**
 * Releases every container whose owner is gone (all of them with force). Safe to run
 * while other isolab processes run: their containers are left alone.
 */
export async function collectGarbage(opts: { force?: boolean; driver?: CgroupDriver } = {}): Promise<GcReport> {
  const report: GcReport = { released: [], live: [], errors: [] };
  const root = containersDir();
  let entries: string[];
  try {
    entries = fs.readdirSync(root);
  } catch {
    return report; // nothing was ever run here
  }
  const driver = opts.driver ?? openCgroupDriver();
  for (const id of entries) {
    const dir = path.join(root, id);
    const intent = readIntent(path.join(dir, 'intent.json'));
    try {
      if (!intent) {
        // No intent: a crash between mkdir and writing it, or (ENOENT) a container that
        // finished and was removed since the readdir.
        const stat = fs.statSync(dir, { throwIfNoEntry: false });
        if (stat && Date.now() - stat.mtimeMs > ORPHAN_DIR_AGE_MS) {
          fs.rmSync(dir, { recursive: true, force: true });
          report.released.push({ id, killed: 0, unmounted: false, cgroupsRemoved: 0, dirRemoved: true });
        }
        continue;
      }
      if (!opts.force && isAlive(intent.owner)) {
        report.live.push(intent.id);
        continue;
      }
      // An external runtime's container goes through that runtime first (its state, its cgroups).
      if (intent.external) await removeExternalContainer(intent.external);
      report.released.push(await release(intent, driver));
    } catch (err) {
      report.errors.push({ id, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return report;
}
