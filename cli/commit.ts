// isolab commit [--image NAME] [--name NEW] -- CMD…: run CMD in a container of an image on
// the built-in runtime and save what it changed as a new image.
import type { Command } from 'commander';
import { assertRequirements } from '../runtime/host/requirements.js';
import { commitContainer } from '../runtime/image/commit-container.js';
import { ensureDefaultStoreImage, imageLayerDirs } from '../runtime/image/image-rootfs.js';
import { ImageStore } from '../runtime/image/store.js';
import { buildSpec } from '../runtime/spec/defaults.js';
import { stopContainersOnInterrupt } from './interrupt.js';

interface CommitOptions {
  image?: string;
  name?: string;
  env: string[];
  cwd?: string;
  allowFailure?: boolean;
  sourceDateEpoch?: string;
  json?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** Adds `isolab commit`. */
export function registerCommitCommand(program: Command): void {
  program
    .command('commit')
    .description("run a command in a container of an image (default: isolab's default image) and save its writable layer as a new image, without the init layer's files")
    .usage('[options] -- CMD [ARGS…]')
    .argument('<cmd...>', 'the command and its arguments')
    .option('--image <name>', 'the image to run (default: isolab/default, made from the default image)')
    .option('--name <name>', 'the new image (default: isolab/commit:<layer digest>)')
    .option('-e, --env <NAME=VALUE>', 'an environment variable of the command (repeatable)', collect, [])
    .option('--cwd <dir>', 'working directory inside the container')
    .option('--allow-failure', 'commit even when the command exits with a non-zero status')
    .option('--source-date-epoch <seconds>', 'write later mtimes as this time, so the same changes give the same layer')
    .option('--json', 'print the new image record and the run result as JSON')
    .action(async (cmd: string[], o: CommitOptions) => {
      await assertRequirements({ root: true, overlay: true });
      const epoch = o.sourceDateEpoch === undefined ? undefined : Number(o.sourceDateEpoch);
      if (epoch !== undefined && (!Number.isInteger(epoch) || epoch < 0)) throw new Error(`--source-date-epoch: "${o.sourceDateEpoch}" must be a whole number of seconds since 1970`);
      const store = new ImageStore();
      const image = o.image ?? (await ensureDefaultStoreImage(store)).name;
      const base = buildSpec({ args: ['true'], layers: ['/'], ns: [] }).process.env;
      const spec = buildSpec({
        args: cmd,
        layers: imageLayerDirs(store, image),
        ...(o.env.length ? { env: [...base, ...o.env.map((e) => (e.includes('=') ? e : `${e}=${process.env[e] ?? ''}`))] } : {}),
        ...(o.cwd ? { cwd: o.cwd } : {}),
      });
      stopContainersOnInterrupt();
      const r = await commitContainer(spec, {
        store, image,
        ...(o.name !== undefined ? { name: o.name } : {}),
        ...(o.allowFailure ? { commitOnFailure: true } : {}),
        ...(epoch !== undefined ? { sourceDateEpoch: epoch } : {}),
        run: { stdio: o.json ? 'capture' : 'inherit' },
      });
      if (o.json) process.stdout.write(`${JSON.stringify({ image: r.image, layer: r.committed, run: r.run }, null, 2)}\n`);
      else process.stderr.write(`committed ${r.image.name}: layer ${r.layer.diffId} (${r.committed.entries} entries) on ${image}\n`);
    });
}
