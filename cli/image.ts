// isolab image import|ls|inspect|rm|export|build: the local image store (runtime/image).
import { Command, Option } from 'commander';
import { assertRequirements } from '../runtime/host/requirements.js';
import { buildImage } from '../runtime/image/build-image.js';
import { EXPORT_FORMATS, exportImage, type ExportFormat } from '../runtime/image/export-image.js';
import { readDescription } from '../runtime/image/image-description.js';
import { importImage } from '../runtime/image/import-image.js';
import { ImageError } from '../runtime/image/errors.js';
import { ImageStore } from '../runtime/image/store.js';
import type { ImageRecord } from '../runtime/image/store-records.js';

const print = (text: string): void => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const json = (value: unknown): void => print(JSON.stringify(value, null, 2));

function mib(bytes: number): string {
  return bytes < 1 << 20 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}

/** What `ls` and `inspect` show of an image: its record with each layer's store facts. */
function describe(store: ImageStore, image: ImageRecord) {
  const layers = image.layers.map((diffId, i) => {
    const info = store.layerInfo(diffId);
    return { diffId, blob: image.blobs?.[i] ?? info.blobs[0], files: info.files, bytes: info.bytes, dir: store.layerDir(diffId) };
  });
  return { name: image.name, configDigest: image.configDigest ?? null, layers, bytes: layers.reduce((a, l) => a + l.bytes, 0), config: image.config };
}

function getImage(store: ImageStore, name: string): ImageRecord {
  const image = store.getImage(name);
  if (!image) throw new ImageError({ step: 'store', entry: name, reason: 'no such image', hint: 'see isolab image ls' });
  return image;
}

function columns(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]! + 2))).join('')).join('\n');
}

/** Adds `isolab image …`. */
export function registerImageCommand(program: Command): void {
  const image = program.command('image').description('manage the local image store: import, list, inspect, remove, export and build images');
  const store = (): ImageStore => new ImageStore();
  const needRoot = () => assertRequirements({ root: true });

  image
    .command('import')
    .description('import an OCI image layout (directory or archive), a docker save archive, or a plain rootfs tar (needs --name)')
    .argument('<path>', 'FILE or DIR')
    .option('--name <name>', 'store the image under this name (and pick it when the source holds several)')
    .action(async (src: string, o: { name?: string }) => {
      await needRoot();
      const r = await importImage(store(), src, o.name !== undefined ? { name: o.name } : {});
      const fresh = r.layers.filter((l) => !l.reused).length;
      print(`imported ${r.image.name} (${r.format}, ${r.layers.length} layer(s), ${fresh} new)`);
    });

  image
    .command('ls')
    .description('list the images in the store')
    .option('--json', 'print the images as JSON')
    .action(async (o: { json?: boolean }) => {
      await needRoot();
      const s = store();
      const all = s.listImages().map((i) => describe(s, i));
      if (o.json) return json(all);
      if (all.length === 0) return print('no images');
      print(columns([['NAME', 'LAYERS', 'SIZE', 'CONFIG'], ...all.map((i) => [i.name, String(i.layers.length), mib(i.bytes), i.configDigest?.slice(0, 19) ?? '(made by isolab)'])]));
    });

  image
    .command('inspect')
    .description("show an image: its layers (lowest first) and its config")
    .argument('<name>', 'the image')
    .option('--json', 'print it as JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      await needRoot();
      const s = store();
      const d = describe(s, getImage(s, name));
      if (o.json) return json(d);
      print(`name:    ${d.name}\nconfig:  ${d.configDigest ?? '(made by isolab)'}\nsize:    ${mib(d.bytes)}\nlayers:  ${d.layers.length} (lowest first)`);
      d.layers.forEach((l, i) => print(`  ${String(i + 1).padStart(3)}. ${l.diffId}  ${l.files} files, ${mib(l.bytes)}`));
      const run = (d.config.config ?? {}) as Record<string, unknown>;
      for (const k of ['Env', 'Cmd', 'Entrypoint', 'WorkingDir', 'User']) if (run[k] !== undefined) print(`${`${k}:`.padEnd(9)}${JSON.stringify(run[k])}`);
    });

  image
    .command('rm')
    .description('remove an image, and the layers no other image uses')
    .argument('<name>', 'the image')
    .action(async (name: string) => {
      await needRoot();
      const removed = store().removeImage(name);
      print(`removed ${name} (${removed.length} layer(s) freed)`);
    });

  image
    .command('export')
    .description('write an image as an OCI image layout directory (oci), an OCI archive (oci-archive) or a docker load archive (docker)')
    .argument('<name>', 'the image')
    .addOption(new Option('--format <format>', 'what to write').choices(EXPORT_FORMATS).makeOptionMandatory())
    .requiredOption('--out <path>', 'the directory (oci; must not exist) or archive file to write')
    .action(async (name: string, o: { format: ExportFormat; out: string }) => {
      await needRoot();
      const r = await exportImage(store(), name, { format: o.format, out: o.out });
      print(`exported ${name} to ${r.out} (${r.format}, manifest ${r.manifestDigest})`);
    });

  image
    .command('build')
    .description('build an image from a YAML or JSON description of its layers (add, mkdir, delete, opaque, symlink, hardlink)')
    .argument('<description>', 'the description file')
    .requiredOption('--name <name>', 'the image to create (replaced if it exists)')
    .action(async (file: string, o: { name: string }) => {
      await needRoot();
      const r = await buildImage(store(), readDescription(file), o.name, file);
      print(`built ${r.image.name} (${r.image.layers.length} layer(s), ${r.layers.length} from ${file})`);
    });
}
