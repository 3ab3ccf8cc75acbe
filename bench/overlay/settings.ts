// What the overlay benchmark measures and how much of it: sizes, file counts, rounds,
// layer depths, copy-up sizes. Quick mode keeps the whole run within about a minute here.
const MiB = 2 ** 20;

/** Options as a caller (the CLI) gives them; everything has a default. */
export interface OverlayOptions {
  quick?: boolean;
  /** Recorded rounds (default 12; 6 with quick, the fewest with a 95 % interval). Each round measures every operation on both sides. */
  rounds?: number;
  /** Unrecorded rounds first (default 1). */
  warmup?: number;
  /** Bytes of the sequential read/write files (default 256 MiB; 32 MiB with quick). Whole MiB. */
  sizeBytes?: number;
  /** Small files for the metadata operations (default 5000; 1000 with quick). */
  files?: number;
  /** File sizes of the copy-up figure (default 1, 16, 128 MiB, 1 GiB; 1 and 8 MiB with quick). */
  copyUpSizes?: number[];
  /** Layer counts of the lookup figure (default 1, 10, 100, 500). */
  depths?: number[];
  /** Files looked up per depth and round (default 500; 100 with quick). */
  depthFiles?: number;
  /** Seconds of each fio job (default 0.3; 0.1 with quick). */
  fioSeconds?: number;
  /** Directory holding the scratch directory (default /var/tmp: a disk, not a tmpfs). */
  parentDir?: string;
  /** Use fio for the random reads when installed (default true). */
  useFio?: boolean;
  /** Also measure from inside a built-in container (default true). */
  inContainer?: boolean;
}

/** The resolved settings, recorded in the results. */
export interface OverlaySettings {
  quick: boolean;
  rounds: number;
  warmup: number;
  seqMiB: number;
  /** Block size of sequential IO (KiB). */
  blockKiB: number;
  files: number;
  /** Size of each small file (bytes). */
  fileBytes: number;
  copyUpSizes: number[];
  depths: number[];
  depthFiles: number;
  fioSeconds: number;
  parentDir: string;
  useFio: boolean;
  inContainer: boolean;
}

/** overlayfs refuses more lower layers than this. */
export const MAX_LAYERS = 500;

const positiveInt = (x: number, what: string) => {
  if (!Number.isInteger(x) || x < 1) throw new Error(`${what}: must be a positive integer, got ${x}`);
  return x;
};

/** Resolves options into settings; throws naming the bad option. */
export function overlaySettings(o: OverlayOptions = {}): OverlaySettings {
  const quick = o.quick ?? false;
  const sizeBytes = o.sizeBytes ?? (quick ? 32 : 256) * MiB;
  if (!(sizeBytes >= MiB)) throw new Error(`size: must be at least 1 MiB, got ${sizeBytes} bytes`);
  const copyUpSizes = [...(o.copyUpSizes ?? (quick ? [MiB, 8 * MiB] : [MiB, 16 * MiB, 128 * MiB, 1024 * MiB]))].sort((a, b) => a - b);
  for (const s of copyUpSizes) positiveInt(s, 'copy-up sizes');
  const depths = [...new Set(o.depths ?? [1, 10, 100, MAX_LAYERS])].sort((a, b) => a - b);
  for (const d of depths) {
    positiveInt(d, 'depths');
    if (d > MAX_LAYERS) throw new Error(`depths: overlayfs takes at most ${MAX_LAYERS} lower layers, got ${d}`);
  }
  const fioSeconds = o.fioSeconds ?? (quick ? 0.1 : 0.3);
  if (!(fioSeconds > 0)) throw new Error(`fio seconds: must be positive, got ${fioSeconds}`);
  const warmup = o.warmup ?? 1;
  if (!Number.isInteger(warmup) || warmup < 0) throw new Error(`warmup: must be an integer ≥ 0, got ${warmup}`);
  return {
    quick,
    rounds: positiveInt(o.rounds ?? (quick ? 6 : 12), 'rounds'),
    warmup,
    seqMiB: Math.ceil(sizeBytes / MiB),
    blockKiB: 128,
    files: positiveInt(o.files ?? (quick ? 1000 : 5000), 'files'),
    fileBytes: 1024,
    copyUpSizes,
    depths,
    depthFiles: positiveInt(o.depthFiles ?? (quick ? 100 : 500), 'depth files'),
    fioSeconds,
    parentDir: o.parentDir ?? '/var/tmp',
    useFio: o.useFio ?? true,
    inContainer: o.inContainer ?? true,
  };
}

/** A byte count for people: 1 MiB, 512 KiB, 1 GiB. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', MiB], ['KiB', 1024]] as const) {
    if (n >= size && n % (size / 16) === 0) return `${Number((n / size).toFixed(2))} ${unit}`;
  }
  return `${n} B`;
}
