// Parsing the CLI's sizes ("64m", "1.5g") and durations ("10s", "500ms").

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30 };
const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, '': 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** Parses a size with an optional binary unit (k, m, g) into bytes; throws naming the option. */
export function parseSize(text: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new Error(`${option}: "${text}" is not a size (examples: 64m, 1g, 1048576)`);
  return Math.round(Number(m[1]) * unit);
}

/** Parses a duration ("10s", "500ms", "2m"; a bare number is seconds) into milliseconds. */
export function parseDuration(text: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? TIME_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined || Number(m[1]) <= 0) throw new Error(`${option}: "${text}" is not a duration (examples: 10s, 500ms, 2m)`);
  return Math.round(Number(m[1]) * unit);
}

/** Parses a positive number; throws naming the option. */
export function parsePositive(text: string, option: string, integer = false): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`${option}: "${text}" must be a positive ${integer ? 'integer' : 'number'}`);
  }
  return n;
}
