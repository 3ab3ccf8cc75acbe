// The file `isolab bench … --out FILE` writes: schema-versioned, every figure with its raw
// samples, and the host's fingerprint so that figures from different machines never mix.
import type { HostFingerprint } from '../runtime/host/fingerprint.js';
import type { Figure } from './figure.js';

/** Version of the bench document's shape; bump on any incompatible change. */
export const BENCH_SCHEMA_VERSION = 1;

/** What `--out` writes (and `--json` prints). */
export interface BenchDocument {
  schemaVersion: typeof BENCH_SCHEMA_VERSION;
  kind: 'isolab-bench';
  /** Which benchmark, e.g. "startup". */
  bench: string;
  createdAt: string;
  host: HostFingerprint;
  figures: Figure[];
  /** The benchmark's own further results (ratios, runtimes, settings, warnings). */
  details: Record<string, unknown>;
}

/** Assembles a bench document. */
export function makeBenchDocument(bench: string, figures: Figure[], host: HostFingerprint, details: Record<string, unknown> = {}): BenchDocument {
  return { schemaVersion: BENCH_SCHEMA_VERSION, kind: 'isolab-bench', bench, createdAt: new Date().toISOString(), host, figures, details };
}
