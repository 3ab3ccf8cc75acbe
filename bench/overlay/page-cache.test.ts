// The page cache of this host: fincore (util-linux) counts a file's resident pages.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { execa } from 'execa';
import { removeTree } from '../../runtime/sys/remove-tree.js';
import { readWhole, writeDataFile } from './node-ops.js';
import { evictFromPageCache } from './page-cache.js';

const residentPages = async (file: string) => Number((await execa('fincore', ['--noheadings', '--raw', '--output', 'PAGES', file])).stdout.trim());

test('evictFromPageCache leaves none of the file\'s pages in the cache', async (t) => {
  const dir = fs.mkdtempSync('/var/tmp/isolab-cache-test-');
  try {
    const file = path.join(dir, 'f');
    writeDataFile(file, 4 << 20);
    readWhole(file);
    t.true(await residentPages(file) > 0);
    evictFromPageCache(file);
    t.is(await residentPages(file), 0);
  } finally {
    removeTree(dir);
  }
});
