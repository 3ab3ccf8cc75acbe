// The shape of results.json and of bench documents, as zod schemas: one source for the
// validation every report runs and for reports/results.schema.json (json-schema.ts).
// Objects are loose: a version may add fields, and readers ignore the ones they do not know.
import { z } from 'zod/v4';

/** The results.json / bench document shape version these schemas read. */
export const SCHEMA_VERSION = 1;

/** A check's outcome (suites/judge.ts). */
export const outcomeSchema = z.enum(['passed', 'failed', 'broken', 'error', 'skipped'])
  .meta({ description: 'passed: observed = expected; failed: a leak where isolation is on; broken: "isolated" where it is off (the check cannot fail); error: nothing observed; skipped: not run (see reason).' });

/** What a cell should show for an area. */
export const expectationSchema = z.enum(['isolated', 'shared']);

/** The summary statistics stored with every figure (bench/figure.ts). */
export const figureStatsSchema = z.object({
  median: z.number(), mean: z.number(), sd: z.number().meta({ description: 'sample standard deviation (n − 1)' }),
  min: z.number(), max: z.number(), p95: z.number(), p99: z.number(),
  n: z.number().int().min(1).meta({ description: 'number of samples' }),
});

/** One measured quantity with its raw samples (bench/figure.ts). */
// z.object, not looseObject: unknown keys are dropped on reading (still allowed in the file),
// so that bench/figure.ts's Figure interface is assignable to FigureData.
export const figureSchema = z.object({
  name: z.string().min(1).meta({ description: 'what was measured, dot-separated, e.g. "startup.start-to-exit", "startup.phase.clone"' }),
  runtime: z.string().optional().meta({ description: 'the runtime it was measured on, when the quantity is per runtime' }),
  unit: z.string().meta({ description: 'unit of stats, samples and ci95, e.g. "ms", "ratio", "%"' }),
  stats: figureStatsSchema,
  samples: z.array(z.number()).min(1).meta({ description: 'every sample in the order taken' }),
  warnings: z.array(z.string()).meta({ description: '"code: message" lines (at-resolution, noisy, outliers, few-samples, …)' }),
  ci95: z.tuple([z.number(), z.number()]).optional().meta({ description: '95 % interval of the median (order-statistic method)' }),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional()
    .meta({ description: 'what the figure was measured at, for charts: e.g. { op: "seq-read-cold", side: "overlay" }, { depth: 100 }, { sizeBytes: 1048576 }, { quota: 0.5 }' }),
}).meta({ id: 'Figure', description: 'One measured quantity: summary, interval of the median, raw samples and warnings.' });

const toolProbeSchema = z.looseObject({
  present: z.boolean(), path: z.string().nullable(), version: z.string().nullable(),
  banner: z.string().nullable().optional(), error: z.string().nullable().optional(),
  server: z.looseObject({ reachable: z.boolean(), version: z.string().nullable() }).nullable().optional()
    .meta({ description: 'docker only: whether its daemon answered, and its version' }),
});

/** The host fingerprint (runtime/host/fingerprint.ts); only what reports read is required. */
export const hostSchema = z.looseObject({
  fingerprintVersion: z.number().int(),
  isolabVersion: z.string(),
  nodeVersion: z.string(),
  collectedAt: z.string(),
  hostname: z.string(),
  arch: z.string(),
  kernel: z.looseObject({ release: z.string(), version: z.string().nullable() }),
  distro: z.looseObject({ id: z.string().nullable(), versionId: z.string().nullable(), prettyName: z.string().nullable() }),
  cpu: z.looseObject({ model: z.string().nullable(), online: z.number(), usable: z.number() }),
  memoryTotalBytes: z.number(),
  cgroup: z.looseObject({
    mode: z.enum(['unified', 'legacy', 'hybrid', 'none']),
    v2: z.looseObject({ mountPoint: z.string(), controllers: z.array(z.string()) }).nullable().optional(),
  }),
  overlay: z.looseObject({
    available: z.boolean(), parameters: z.record(z.string(), z.string()),
    newMountApi: z.boolean().optional(), lowerdirPlus: z.boolean().optional(), maxLowerLayers: z.number().optional(),
  }),
  namespaces: z.looseObject({ available: z.array(z.string()) }).optional(),
  security: z.looseObject({ lsms: z.array(z.string()).nullable().optional(), seccomp: z.boolean().optional() }).optional(),
  runtimes: z.record(z.string(), toolProbeSchema).meta({ description: 'container runtimes and workload tools on PATH, with versions' }),
}).meta({ id: 'HostFingerprint', description: 'Everything about the machine that can change a result (runtime/host/fingerprint.ts).' });

/** One check in one cell. */
export const checkSchema = z.looseObject({
  id: z.string().min(1).meta({ description: 'stable within a schema version, e.g. "pid-host-kill"' }),
  area: z.string().meta({ description: 'pid, mount, uts, ipc, net, user, cgroupns, timens, fds, cgroup-limits, whiteout, init-layer' }),
  description: z.string().optional(),
  outcome: outcomeSchema,
  expected: expectationSchema.nullable().meta({ description: 'what this cell should show; shared marks a negative control (the check must see the leak)' }),
  observed: z.enum(['isolated', 'shared', 'error']).nullable(),
  evidence: z.unknown().meta({ description: 'what was observed (per-check keys, for people and diffs)' }),
  reason: z.string().optional().meta({ description: 'skipped: why; error: what went wrong' }),
  durationMs: z.number(),
}).meta({ id: 'CheckResult' });

/** One configuration (runtime, Spec, expectations) and its checks. */
export const cellSchema = z.looseObject({
  name: z.string().min(1).meta({ description: 'runtime/namespaces[/limits][/rootfs], e.g. builtin/all-pid' }),
  runtime: z.string(),
  runtimeVersion: z.string().nullable().optional(),
  purpose: z.string().optional(),
  namespaces: z.array(z.string()).optional(),
  limits: z.record(z.string(), z.unknown()).optional(),
  rootfs: z.record(z.string(), z.unknown()).optional(),
  spec: z.unknown().meta({ description: 'the OCI-subset Spec every check of the cell ran with' }),
  expectations: z.record(z.string(), expectationSchema),
  skipped: z.string().optional().meta({ description: 'set when no check of the cell could run' }),
  checks: z.array(checkSchema),
  durationMs: z.number().optional(),
}).meta({ id: 'CellResult' });

/** Totals of a suite run. */
export const summarySchema = z.looseObject({
  cells: z.number().int(), checks: z.number().int(),
  outcomes: z.record(z.string(), z.number().int()),
  ok: z.boolean().meta({ description: 'every outcome passed or skipped: the exit status of the run' }),
  uncontrolled: z.array(z.looseObject({ id: z.string(), reason: z.string() })),
  wallMs: z.number(),
});

/** The suites section. */
export const suitesSchema = z.looseObject({
  preset: z.string().nullable(),
  matrix: z.string().nullable().optional(),
  only: z.array(z.string()).nullable().optional(),
  jobs: z.number().int().optional(),
  runtimes: z.array(z.looseObject({ name: z.string(), available: z.boolean(), version: z.string().optional(), reason: z.string().optional() })),
  cells: z.array(cellSchema),
  summary: summarySchema,
}).meta({ id: 'SuiteRun' });

/** The startup benchmark's result (bench/startup/summarise.ts). */
export const startupSchema = z.looseObject({
  figures: z.array(figureSchema).meta({ description: 'startup.start-to-exit per runtime, startup.start-to-first-instruction, wrapper figures' }),
  phases: z.array(figureSchema).meta({ description: 'the built-in runtime phase by phase: startup.phase.NAME (and startup.phase.total)' }),
  ratios: z.array(z.looseObject({ a: z.string(), b: z.string(), ratio: z.number(), ci95: z.tuple([z.number(), z.number()]), error: z.number() })).optional(),
  calibration: figureSchema.optional(),
  roundTrip: figureSchema.optional(),
  runtimes: z.array(z.looseObject({ name: z.string(), status: z.enum(['measured', 'skipped', 'failed']) })).optional(),
  warnings: z.array(z.string()).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
}).meta({ id: 'StartupResult' });

/** Any other benchmark's section: figures somewhere inside (overlay, cgroup, …). */
export const benchSectionSchema = z.looseObject({
  figures: z.array(figureSchema).optional(),
  warnings: z.array(z.string()).optional(),
}).meta({ id: 'BenchSection', description: 'A benchmark result; every object with name, unit, stats and samples inside it is read as a Figure.' });

/** The whole results.json. */
export const resultsFileSchema = z.looseObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  kind: z.literal('isolab-results'),
  createdAt: z.string().meta({ description: 'when the file was assembled (ISO 8601, UTC)' }),
  host: hostSchema,
  suites: suitesSchema.optional(),
  bench: z.looseObject({ startup: startupSchema.optional() }).catchall(benchSectionSchema).optional()
    .meta({ description: 'each benchmark under its own key: startup, overlay, cgroup, …' }),
  notes: z.array(z.string()).optional(),
}).meta({ title: 'isolab results.json', description: 'What `isolab run` and `isolab suite` write: host fingerprint, isolation checks with evidence, benchmark figures with raw samples.' });

/** What `isolab bench … --out FILE` writes (bench/bench-document.ts). */
export const benchDocumentSchema = z.looseObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  kind: z.literal('isolab-bench'),
  bench: z.string().meta({ description: 'which benchmark, e.g. "startup"' }),
  createdAt: z.string(),
  host: hostSchema,
  figures: z.array(figureSchema),
  details: z.record(z.string(), z.unknown()).meta({ description: "the benchmark's own further results (ratios, runtimes, settings, warnings)" }),
}).meta({ title: 'isolab bench document' });

/** A validated results.json. */
export type ResultsDoc = z.infer<typeof resultsFileSchema>;
/** A validated bench document. */
export type BenchDoc = z.infer<typeof benchDocumentSchema>;
/** A validated figure. */
export type FigureData = z.infer<typeof figureSchema>;
/** A validated host fingerprint. */
export type HostData = z.infer<typeof hostSchema>;
/** A validated cell. */
export type CellData = z.infer<typeof cellSchema>;
/** A validated check. */
export type CheckData = z.infer<typeof checkSchema>;
/** A validated suites section. */
export type SuitesData = z.infer<typeof suitesSchema>;
/** A check outcome. */
export type Outcome = z.infer<typeof outcomeSchema>;
