// removeTree: rm -rf with the fewest syscalls. fs.rmSync({recursive}) lstat()s and retries
// every entry, which costs more than a whole container start on small trees like the
// init layer; here each directory is one readdir and each file one unlink. Names are
// handled as bytes: a container may leave a name that is not valid UTF-8 in its layer.
import fs from 'node:fs';

const SLASH = Buffer.from('/');

/** Removes dir and everything below it; a missing dir is fine. Does not follow symlinks. */
export function removeTree(dir: string | Buffer): void {
  let entries: fs.Dirent<Buffer>[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') return fs.unlinkSync(dir);
    throw err;
  }
  const base = typeof dir === 'string' ? Buffer.from(dir) : dir;
  for (const e of entries) {
    const p = Buffer.concat([base, SLASH, e.name]);
    if (e.isDirectory()) removeTree(p);
    else fs.unlinkSync(p);
  }
  try {
    fs.rmdirSync(dir);
  } catch (err) {
    // Something was created meanwhile (a process still writing): fall back to the thorough way.
    if ((err as NodeJS.ErrnoException).code !== 'ENOTEMPTY') throw err;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
