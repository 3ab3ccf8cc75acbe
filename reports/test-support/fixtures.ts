// The fixture result files of the reports tests, and ways to derive crafted ones from them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Path of a file in reports/fixtures. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** A fresh parsed copy of a fixture, to modify. */
export function readFixture(name: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(fixturePath(name), 'utf8')) as Record<string, any>;
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix = 'isolab-reports-test-'): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a document as JSON into dir and returns its path. */
export function writeJson(dir: string, name: string, doc: unknown): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

/** A deterministic pseudo-random source (mulberry32), so crafted samples are the same every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n log-normal latency samples around `median` (σ of the log = spread), like real start times. */
export function latencySamples(random: () => number, n: number, median: number, spread = 0.15): number[] {
  return Array.from({ length: n }, () => {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(spread * z);
  });
}
