// The default image: a rootfs that isolab builds itself from the probe (and a static busybox
// when the host has one), so the built-in runtime works with no image download.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { probeBinary, stateRoot } from '../launcher/paths.js';

const FORMAT = 'isolab-default-image-v1';
const BUSYBOX = '/bin/busybox';

/** Whether an ELF file is statically linked (has no PT_INTERP program header). */
export function isStaticElf(file: string): boolean {
  const b = fs.readFileSync(file);
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2) return false;
  const phoff = Number(b.readBigUInt64LE(32));
  const phentsize = b.readUInt16LE(54);
  const phnum = b.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) if (b.readUInt32LE(phoff + i * phentsize) === 3) return false;
  return true;
}

function busyboxIfStatic(): string | undefined {
  try {
    return isStaticElf(BUSYBOX) ? BUSYBOX : undefined;
  } catch {
    return undefined;
  }
}

function contentHash(files: string[]): string {
  const h = createHash('sha256').update(FORMAT);
  for (const f of files) h.update(f).update(fs.readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

function build(dir: string, busybox: string | undefined): void {
  for (const d of ['usr/bin', 'bin', 'etc', 'root', 'tmp', 'proc', 'sys', 'dev', 'var/tmp']) {
    fs.mkdirSync(path.join(dir, d), { recursive: true, mode: 0o755 });
  }
  fs.chmodSync(path.join(dir, 'tmp'), 0o1777);
  fs.chmodSync(path.join(dir, 'var/tmp'), 0o1777);
  fs.copyFileSync(probeBinary(), path.join(dir, 'usr/bin/probe'));
  fs.chmodSync(path.join(dir, 'usr/bin/probe'), 0o755);
  fs.writeFileSync(path.join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  fs.writeFileSync(path.join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  if (busybox) {
    fs.copyFileSync(busybox, path.join(dir, 'bin/busybox'));
    fs.chmodSync(path.join(dir, 'bin/busybox'), 0o755);
    const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => /^[\w.[-]+$/.test(a));
    for (const a of applets) {
      if (a !== 'busybox' && !fs.existsSync(path.join(dir, 'bin', a))) fs.symlinkSync('busybox', path.join(dir, 'bin', a));
    }
  }
}

/**
 * The default image's rootfs directory, built on first use and rebuilt when the probe
 * changes. Built in a temporary directory and renamed into place, so a crash never
 * leaves a half-built image in use.
 */
export function ensureDefaultImage(): string {
  const busybox = busyboxIfStatic();
  const sources = [probeBinary(), ...(busybox ? [busybox] : [])];
  if (!fs.existsSync(probeBinary())) throw new Error(`the probe is not built (${probeBinary()}): run npm install`);
  const base = path.join(stateRoot(), 'images', 'default');
  const dir = path.join(base, contentHash(sources));
  if (fs.existsSync(dir)) return dir;
  fs.mkdirSync(base, { recursive: true, mode: 0o755 });
  const tmp = fs.mkdtempSync(path.join(base, '.build-'));
  try {
    build(tmp, busybox);
    fs.chmodSync(tmp, 0o755); // mkdtemp made it 0700: containers in user namespaces must read it
    fs.renameSync(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(dir)) throw err; // another isolab built it first otherwise
  }
  // Earlier builds, and half-done builds of crashed runs (older than an hour).
  for (const old of fs.readdirSync(base)) {
    const p = path.join(base, old);
    const stale = old.startsWith('.build-') ? Date.now() - fs.statSync(p).mtimeMs > 3_600_000 : p !== dir;
    if (stale) fs.rmSync(p, { recursive: true, force: true });
  }
  return dir;
}
