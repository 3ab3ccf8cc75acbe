// The layer part's pure pieces: the counts it accepts, the tiny layers, the Spec, the figures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { checkLayerCounts, layeredSpec, makeTinyLayers, MAX_LAYERS, summariseLayerCost } from './layer-cost.js';

test('layer counts must be integers from 1 to the overlay limit less the init layer', (t) => {
  t.notThrows(() => checkLayerCounts([1, 10, MAX_LAYERS]));
  for (const bad of [[0], [MAX_LAYERS + 1], [2.5], []]) t.throws(() => checkLayerCounts(bad), { message: /layer counts/ });
});

test('N layers are the image lowest and N − 1 one-file layers above it', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isolab-layer-test-'));
  try {
    const tiny = makeTinyLayers(dir, 3);
    t.deepEqual(tiny.map((d) => fs.readdirSync(d)), [['file-1'], ['file-2'], ['file-3']]);
    t.deepEqual(layeredSpec('/img', tiny, 1).isolab.rootfs.layers, ['/img']);
    t.deepEqual(layeredSpec('/img', tiny, 3).isolab.rootfs.layers, ['/img', tiny[0], tiny[1]]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('figures are named startup.layers.N.mount and .total, ordered by N, with params { layers }', (t) => {
  const r = summariseLayerCost(new Map([[100, { mount: [3, 4], total: [20, 21] }], [1, { mount: [0.3, 0.4], total: [15, 16] }], [10, { mount: [], total: [] }]]));
  t.deepEqual(r.figures.map((f) => f.name), ['startup.layers.1.mount', 'startup.layers.1.total', 'startup.layers.100.mount', 'startup.layers.100.total']);
  t.deepEqual(r.figures.map((f) => f.params?.layers), [1, 1, 100, 100]);
  t.is(r.figures[2]!.stats.median, 3.5);
});
