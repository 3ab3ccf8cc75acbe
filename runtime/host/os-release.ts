// Distribution identity from os-release(5): /etc/os-release, falling back to
// /usr/lib/os-release as the format's specification asks.
import { readTextOrNull } from './read-host-file.js';

/** The distribution as os-release names it; each field is null when the file lacks it. */
export interface Distro {
  /** Lower-case identifier, e.g. "debian", "ubuntu", "fedora" (ID). */
  id: string | null;
  /** Version without codename, e.g. "12", "24.04" (VERSION_ID); absent on rolling releases. */
  versionId: string | null;
  /** Human-readable name, e.g. "Debian GNU/Linux 12 (bookworm)" (PRETTY_NAME). */
  prettyName: string | null;
}

/** Where os-release(5) says to look, in order. */
export const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'] as const;

/**
 * Parses os-release text into its variables. Values follow shell quoting rules:
 * double-quoted (with \" \\ \$ \` escapes), single-quoted (literal) or unquoted.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    const [, name = '', rawValue = ''] = match;
    variables[name] = unquoteShellValue(rawValue);
  }
  return variables;
}

/** Undoes the shell-style quoting allowed in os-release values. */
function unquoteShellValue(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return raw.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  }
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) {
    return raw.slice(1, -1);
  }
  return raw.replace(/\\(.)/g, '$1');
}

/** Picks the fields isolab reports from parsed os-release variables. */
export function distroFromOsRelease(variables: Record<string, string>): Distro {
  return {
    id: variables.ID ?? null,
    versionId: variables.VERSION_ID ?? null,
    prettyName: variables.PRETTY_NAME ?? variables.NAME ?? null,
  };
}

/** Reads the host's distribution; all fields null when no os-release file exists. */
export async function readDistro(): Promise<Distro> {
  for (const path of OS_RELEASE_PATHS) {
    const text = await readTextOrNull(path);
    if (text !== null) return distroFromOsRelease(parseOsRelease(text));
  }
  return { id: null, versionId: null, prettyName: null };
}
