// The version of isolab itself, read from the package.json above this module, both
// from source (runtime/host/) and from the compiled tree (dist/runtime/host/).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package whose version is reported. */
const PACKAGE_NAME = 'isolab';

/** Returns isolab's package.json version, or "unknown" when no isolab package.json is found. */
export async function readIsolabVersion(startDir = dirname(fileURLToPath(import.meta.url))): Promise<string> {
  let dir = startDir;
  for (;;) {
    try {
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No (readable) package.json here: keep walking up.
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
