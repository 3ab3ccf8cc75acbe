// The declarative description `isolab image build` and buildImage take: layers of file
// operations, in YAML or JSON. For example:
//
//   from: isolab/default            # optional: a store image the layers go on top of
//   config: { env: [A=1], cmd: [probe, ls, /data] }
//   layers:
//     - ops:
//         - { mkdir: /data, mode: "0755" }
//         - { add: /data/a, content: "hello\n", mode: "0644" }
//         - { symlink: /data/link, target: a }
//         - { hardlink: /data/b, target: /data/a }
//     - ops:
//         - { delete: /data/a }         # a whiteout: .wh.a
//         - { opaque: /etc }            # the layers below contribute nothing to /etc
//
// Modes are octal strings (quote them in YAML: an unquoted 0644 is the decimal 644).
// Validation errors name the field: "layers[1].ops[0].mode: …".
import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import { ImageError } from './errors.js';
import { fieldName } from './oci-schemas.js';
import { WHITEOUT_PREFIX } from './whiteout.js';

/** The most layers one description may have: overlayfs stacks at most 500 lower layers. */
export const MAX_LAYERS = 500;

const pathSchema = z.string().min(1, 'must not be empty').transform((p, ctx) => {
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  const bad = parts.find((s) => s === '..' || s.startsWith(WHITEOUT_PREFIX) || s.includes('\0'));
  if (bad !== undefined || parts.length === 0) {
    ctx.addIssue({ code: 'custom', message: parts.length === 0 ? `"${p}" is the root, which an operation cannot name` : `"${p}" has the component "${bad}" (".." and "${WHITEOUT_PREFIX}" names are not allowed)` });
    return z.NEVER;
  }
  return parts.join('/');
});
const modeSchema = z.string({ invalid_type_error: 'must be an octal string such as "0644" (in YAML quote it: an unquoted 0644 is the decimal number 644)' }).regex(/^0?[0-7]{3,4}$/, 'must be an octal string such as "0644" (quote it in YAML)').transform((m) => parseInt(m, 8));
const idSchema = z.number().int().nonnegative().max(2 ** 32 - 2);
const owner = { uid: idSchema.optional(), gid: idSchema.optional() };

const OP_SCHEMAS = {
  add: z.object({ add: pathSchema, content: z.string().default(''), encoding: z.enum(['utf8', 'base64']).default('utf8'), mode: modeSchema.optional(), ...owner }).strict(),
  mkdir: z.object({ mkdir: pathSchema, mode: modeSchema.optional(), ...owner }).strict(),
  delete: z.object({ delete: pathSchema }).strict(),
  opaque: z.object({ opaque: pathSchema, mode: modeSchema.optional(), ...owner }).strict(),
  symlink: z.object({ symlink: pathSchema, target: z.string().min(1, 'must not be empty'), ...owner }).strict(),
  hardlink: z.object({ hardlink: pathSchema, target: pathSchema }).strict(),
};
type OpKind = keyof typeof OP_SCHEMAS;
const OP_KINDS = Object.keys(OP_SCHEMAS) as OpKind[];

/** One operation of a layer (paths normalized: relative to /, no leading slash). */
export type LayerOp = { [K in OpKind]: z.output<(typeof OP_SCHEMAS)[K]> }[OpKind];

/** Which operation op is, and the path it acts on. */
export function opTarget(op: LayerOp): { kind: OpKind; path: string } {
  const kind = OP_KINDS.find((k) => k in op)!;
  return { kind, path: (op as Record<string, unknown>)[kind] as string };
}

const opSchema = z.record(z.unknown()).transform((o, ctx): LayerOp => {
  const kinds = OP_KINDS.filter((k) => k in o);
  if (kinds.length !== 1) {
    ctx.addIssue({ code: 'custom', message: `must have exactly one of ${OP_KINDS.join(', ')}${kinds.length ? ` (it has ${kinds.join(' and ')})` : ''}` });
    return z.NEVER;
  }
  const r = OP_SCHEMAS[kinds[0]!].safeParse(o);
  if (!r.success) {
    for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return r.data as LayerOp;
});

const settingsSchema = z.object({
  env: z.array(z.string().regex(/^[^=]+=/, 'must be NAME=VALUE')).optional(),
  cmd: z.array(z.string()).optional(),
  entrypoint: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  user: z.string().optional(),
  labels: z.record(z.string()).optional(),
}).strict();

/** A build description, validated. */
export const descriptionSchema = z.object({
  from: z.string().min(1).optional(),
  config: settingsSchema.optional(),
  /** mtime of every entry, seconds since the epoch (default 0): builds are reproducible. */
  mtime: z.number().int().nonnegative().optional(),
  layers: z.array(z.object({ ops: z.array(opSchema), comment: z.string().optional() }).strict()).min(1, 'must list at least one layer').max(MAX_LAYERS, `at most ${MAX_LAYERS} layers (overlayfs stacks no more)`),
}).strict();
export type ImageDescription = z.output<typeof descriptionSchema>;
/** A description as written (before defaults and normalization). */
export type ImageDescriptionInput = z.input<typeof descriptionSchema>;

/** Validates a description object; `what` names it in errors. */
export function parseDescription(value: unknown, what = 'build description'): ImageDescription {
  const r = descriptionSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new ImageError({ step: 'build', entry: what, reason: `field ${fieldName(issue.path)}: ${issue.message}` });
}

/** Reads a description file (YAML or JSON: JSON is YAML) and validates it; returns it as written, for buildImage. */
export function readDescription(file: string): ImageDescriptionInput {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ImageError({ step: 'build', entry: file, reason: 'cannot read the build description', errno: (err as NodeJS.ErrnoException).code, cause: err });
  }
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (err) {
    throw new ImageError({ step: 'build', entry: file, reason: `not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`, cause: err });
  }
  parseDescription(value, file);
  return value as ImageDescriptionInput;
}
