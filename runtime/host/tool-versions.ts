// Version numbers out of each tool's own `--version` text. Each tool has its own format:
//   runc       "runc version 1.1.5\ncommit: …\nspec: 1.0.2-dev\ngo: go1.19.8\nlibseccomp: 2.5.4"
//   crun       "crun version 1.8.1\ncommit: …\nrundir: /run/crun\nspec: 1.0.0\n+SYSTEMD +SELINUX …"
//   docker     "Docker version 20.10.24+dfsg1, build 297e128"
//   podman     "podman version 4.3.1"
//   bwrap      "bubblewrap 0.8.0"
//   unshare    "unshare from util-linux 2.38.1"   (newer: "unshare (util-linux) 2.40.1")
//   fio        "fio-3.33"
//   stress-ng  "stress-ng, version 0.15.06 (gcc 12.2, x86_64 Linux 6.1.0) 💻🔥"

/** The tools isolab looks for on PATH. */
export const PROBED_TOOLS = ['runc', 'crun', 'docker', 'podman', 'bwrap', 'unshare', 'fio', 'stress-ng'] as const;

/** One probed tool, by its command name. */
export type ToolName = (typeof PROBED_TOOLS)[number];

/** A tool's `--version` output, parsed. */
export interface ParsedToolVersion {
  /** The version as the tool spells it, e.g. "1.1.5", "20.10.24+dfsg1", "0.15.06"; null when not found. */
  version: string | null;
  /** Further "key: value" lines (runc/crun: commit, spec, go, libseccomp, rundir). */
  details: Record<string, string>;
  /** crun's "+SYSTEMD +SELINUX … -FEATURE" line as a list; empty for other tools. */
  features: string[];
}

/** Where each tool's version sits in its first line. */
const VERSION_PATTERNS: Record<ToolName, RegExp> = {
  runc: /\brunc version (\S+)/,
  crun: /\bcrun version (\S+)/,
  docker: /\bDocker version ([^,\s]+)/,
  podman: /\bpodman version (\S+)/,
  bwrap: /\bbubblewrap (\S+)/,
  unshare: /\butil-linux\)? (\d\S*)/,
  fio: /\bfio-(\d\S*)/,
  'stress-ng': /\bstress-ng,? version (\S+)/,
};

/** Any dotted version number: the fallback when a tool's output has an unexpected shape. */
const ANY_VERSION = /\b(\d+\.\d+(?:\.\d+)?(?:[-+~][0-9A-Za-z.+~-]*)?)/;

/** Parses a tool's `--version` output; unknown shapes fall back to the first dotted number. */
export function parseToolVersion(tool: ToolName, output: string): ParsedToolVersion {
  const text = output.replace(/\r/g, '');
  const version = VERSION_PATTERNS[tool].exec(text)?.[1] ?? ANY_VERSION.exec(text)?.[1] ?? null;
  const details: Record<string, string> = {};
  const features: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const detail = /^([A-Za-z][\w-]*):\s+(.+)$/.exec(line.trim());
    if (detail) details[detail[1] ?? ''] = (detail[2] ?? '').trim();
    else if (/^[+-][A-Z]/.test(line.trim())) features.push(...line.trim().split(/\s+/));
  }
  return { version, details, features };
}

/** The first non-empty line of a tool's output, kept verbatim for reports. */
export function firstLine(output: string): string | null {
  return output.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? null;
}
