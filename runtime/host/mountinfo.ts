// Parser for /proc/<pid>/mountinfo (see proc(5)): one typed entry per mount, with the
// kernel's octal escapes ("\040" for a space, "\011" tab, "\012" newline, "\134"
// backslash) undone, so paths can be compared with paths from the filesystem.
import { readFile } from 'node:fs/promises';

/** One line of mountinfo. Paths and options are unescaped. */
export interface MountinfoEntry {
  /** Unique id of the mount (may be reused after unmount). */
  mountId: number;
  /** Id of the parent mount (itself for the root of the mount tree). */
  parentId: number;
  /** Major number of st_dev for files on this filesystem. */
  major: number;
  /** Minor number of st_dev for files on this filesystem. */
  minor: number;
  /** Path inside the filesystem that forms the root of this mount (not "/" for bind mounts of a subdirectory). */
  root: string;
  /** Mount point relative to the reading process's root. */
  mountPoint: string;
  /** Per-mount options, e.g. ["rw", "nosuid", "relatime"]. */
  mountOptions: string[];
  /** Optional tag:value fields such as "shared:1", "master:2", "propagate_from:3", "unbindable". */
  optionalFields: string[];
  /** Filesystem type, e.g. "ext4", "cgroup2", "overlay". */
  fsType: string;
  /** Filesystem-specific source, e.g. "/dev/sda1", "overlay", "none". */
  source: string;
  /** Per-superblock options, e.g. ["rw", "memory"] for a cgroup v1 hierarchy. */
  superOptions: string[];
}

/** Thrown when a mountinfo line does not have the documented shape. */
export class MountinfoParseError extends Error {
  readonly step = 'parse mountinfo';
  constructor(
    readonly path: string,
    readonly lineNumber: number,
    readonly line: string,
    detail: string,
  ) {
    super(`cannot parse ${path} line ${lineNumber} (${detail}): ${JSON.stringify(line)}`);
    this.name = 'MountinfoParseError';
  }
}

/** Undoes the kernel's octal escaping of " \t\n\\" in mountinfo fields. */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** Splits a comma-separated option list and unescapes each option (values may hold escaped commas). */
function splitOptions(field: string): string[] {
  return field === '' ? [] : field.split(',').map(unescapeMountField);
}

/** Parses the text of a mountinfo file; `path` only names the file in errors. */
export function parseMountinfo(text: string, path = '/proc/self/mountinfo'): MountinfoEntry[] {
  const entries: MountinfoEntry[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const fail = (detail: string): never => {
      throw new MountinfoParseError(path, index + 1, line, detail);
    };
    const fields = line.split(' ');
    const separator = fields.indexOf('-', 6);
    if (separator < 0) fail('no " - " separator after the optional fields');
    if (fields.length !== separator + 4) fail(`expected 3 fields after " - ", found ${fields.length - separator - 1}`);
    const [mountId, parentId, device, root, mountPoint, mountOptions] = fields;
    const deviceMatch = /^(\d+):(\d+)$/.exec(device ?? '');
    if (!deviceMatch || !/^\d+$/.test(mountId ?? '') || !/^\d+$/.test(parentId ?? '')) {
      fail('mount id, parent id or major:minor is not numeric');
    }
    entries.push({
      mountId: Number(mountId),
      parentId: Number(parentId),
      major: Number(deviceMatch?.[1]),
      minor: Number(deviceMatch?.[2]),
      root: unescapeMountField(root ?? ''),
      mountPoint: unescapeMountField(mountPoint ?? ''),
      mountOptions: splitOptions(mountOptions ?? ''),
      optionalFields: fields.slice(6, separator),
      fsType: unescapeMountField(fields[separator + 1] ?? ''),
      source: unescapeMountField(fields[separator + 2] ?? ''),
      superOptions: splitOptions(fields[separator + 3] ?? ''),
    });
  });
  return entries;
}

/** Reads and parses mountinfo of the calling process (or of `path`, e.g. /proc/<pid>/mountinfo). */
export async function readMountinfo(path = '/proc/self/mountinfo'): Promise<MountinfoEntry[]> {
  return parseMountinfo(await readFile(path, 'utf8'), path);
}

/** Returns the value of `key=value` in an option list, true for a bare `key`, or undefined. */
export function findMountOption(options: readonly string[], key: string): string | true | undefined {
  for (const option of options) {
    if (option === key) return true;
    if (option.startsWith(`${key}=`)) return option.slice(key.length + 1);
  }
  return undefined;
}
