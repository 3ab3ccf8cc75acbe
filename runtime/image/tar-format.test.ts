// The tar reader and writer against GNU tar, an independent implementation: long names
// (GNU 'L'/'K' records and PAX path/linkpath), binary xattrs, big ids, non-ASCII names.
import test from 'ava';
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { lgetxattr, lsetxattr } from '../sys/inode.js';
import { encodeHeader, END_OF_ARCHIVE, padding, type TarWriteEntry } from './tar-writer.js';
import { TarParser, type TarEntry } from './tar-reader.js';
import { tempDir } from './test-support.js';
import { unpackLayer } from './unpack-layer.js';

const rootTest = process.getuid?.() === 0 ? test : test.skip;
const LONG_DIR = `${'d'.repeat(90)}/${'e'.repeat(90)}`;
const LONG_FILE = `${LONG_DIR}/${'f'.repeat(120)}`;
const BINARY = Buffer.from([0x00, 0xff, 0x0a, 0x3d, 0x20, 0x7f]);

function tree(root: string): void {
  fs.mkdirSync(path.join(root, LONG_DIR), { recursive: true });
  fs.writeFileSync(path.join(root, LONG_FILE), 'long');
  fs.symlinkSync(LONG_FILE, path.join(root, 'long-link'));
  fs.linkSync(path.join(root, LONG_FILE), path.join(root, 'hard'));
  fs.writeFileSync(path.join(root, 'überall ✓'), 'unicode');
  fs.writeFileSync(path.join(root, 'caps'), 'x');
  lsetxattr(path.join(root, 'caps'), 'user.bin', BINARY);
  fs.chownSync(path.join(root, 'überall ✓'), 3_000_000, 4_000_000);
}

for (const format of ['gnu', 'pax'] as const) {
  rootTest(`a GNU tar archive (${format} format) unpacks whole, binary xattrs included`, async (t) => {
    const tmp = tempDir(t);
    tree(path.join(tmp, 'src'));
    await execa('tar', [`--format=${format}`, '--xattrs', '--xattrs-include=user.*', '-cf', path.join(tmp, 'l.tar'), '-C', path.join(tmp, 'src'), '.']);
    await unpackLayer(path.join(tmp, 'l.tar'), path.join(tmp, 'out'));
    const out = (p: string): string => path.join(tmp, 'out', p);
    t.is(fs.readFileSync(out(LONG_FILE), 'utf8'), 'long');
    t.is(fs.readlinkSync(out('long-link')), LONG_FILE);
    t.is(fs.statSync(out('hard')).ino, fs.statSync(out(LONG_FILE)).ino);
    t.like(fs.statSync(out('überall ✓')), { uid: 3_000_000, gid: 4_000_000 });
    if (format === 'pax') t.deepEqual(lgetxattr(out('caps'), 'user.bin'), BINARY);
  });
}

test('headers written here read back the same, PAX records and all', (t) => {
  const entries: TarWriteEntry[] = [
    { name: LONG_FILE, type: 'file', mode: 0o4755, uid: 3_000_000, gid: 7, mtime: 1_700_000_000, size: 3 },
    { name: 'überall ✓', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 0, size: 0, linkname: `/${'t'.repeat(150)}` },
    { name: 'caps', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 5, size: 0, xattrs: new Map([['user.bin', BINARY]]) },
    { name: 'dev/null', type: 'char', mode: 0o666, uid: 0, gid: 0, mtime: 5, size: 0, devmajor: 1, devminor: 3 },
  ];
  const tar = Buffer.concat(entries.flatMap((e) => [encodeHeader(e), Buffer.alloc(e.size, 0x61), padding(e.size)]).concat(END_OF_ARCHIVE));
  const seen: TarEntry[] = [];
  const parser = new TarParser({ begin: (e) => seen.push(e), data: () => {}, end: () => {} });
  for (let i = 0; i < tar.length; i += 700) parser.push(tar.subarray(i, i + 700)); // headers split across chunks
  parser.finish();
  t.is(seen.length, 4);
  t.like(seen[0], { name: LONG_FILE, mode: 0o4755, uid: 3_000_000, gid: 7, mtime: 1_700_000_000, size: 3 });
  t.like(seen[1], { name: 'überall ✓', type: 'symlink', linkname: `/${'t'.repeat(150)}` });
  t.deepEqual(seen[2]?.xattrs.get('user.bin'), BINARY);
  t.like(seen[3], { type: 'char', devmajor: 1, devminor: 3 });
});

test('GNU tar reads the headers written here', async (t) => {
  const tmp = tempDir(t);
  const entries: TarWriteEntry[] = [
    { name: 'a', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1_700_000_000, size: 0 },
    { name: LONG_FILE, type: 'file', mode: 0o644, uid: 3_000_000, gid: 0, mtime: 1_700_000_000, size: 4 },
    { name: 'ü', type: 'file', mode: 0o600, uid: 0, gid: 0, mtime: 1_700_000_000, size: 0 },
  ];
  fs.writeFileSync(path.join(tmp, 'x.tar'), Buffer.concat(entries.flatMap((e) => [encodeHeader(e), Buffer.alloc(e.size, 0x62), padding(e.size)]).concat(END_OF_ARCHIVE)));
  const listing = (await execa('tar', ['--numeric-owner', '-tvf', path.join(tmp, 'x.tar')])).stdout.split('\n');
  t.is(listing.length, 3);
  t.regex(listing[0]!, / a\/$/);
  t.regex(listing[1]!, new RegExp(`3000000/0 +4 .* ${LONG_FILE}$`));
  t.regex(listing[2]!, / ü$/);
});

test('a corrupt header is refused', (t) => {
  const h = encodeHeader({ name: 'x', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: 0 });
  h[0] = 0x79; // checksum no longer matches
  const parser = new TarParser({ begin: () => {}, data: () => {}, end: () => {} });
  t.throws(() => parser.push(h), { message: /checksum/ });
});
