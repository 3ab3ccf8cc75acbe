// Numbers as reports print them: about three significant digits, units, signed relative
// changes and p-values. Used by every renderer and by the charts, so figures read the same
// everywhere.

/** A number with about three significant digits (0.0123, 0.463, 4.73, 26.1, 218, 12,400). */
export function formatSig(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a === 0) return '0';
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  const digits = Math.min(6, 2 - Math.floor(Math.log10(a)));
  return x.toFixed(digits);
}

/** A value with its unit: "4.73 ms", "1.21×", "12.5 %". */
export function formatValue(x: number, unit: string): string {
  if (unit === 'ratio' || unit === '×' || unit === 'x') return `${formatSig(x)}×`;
  if (unit === '%') return `${formatSig(x)} %`;
  return unit ? `${formatSig(x)} ${unit}` : formatSig(x);
}

/** A relative change as a signed percentage: "+30.2 %", "−4.1 %", "±0 %". */
export function formatChange(relative: number): string {
  if (!Number.isFinite(relative)) return relative > 0 ? '+∞' : relative < 0 ? '−∞' : 'n/a';
  const pct = relative * 100;
  const abs = Math.abs(pct);
  const text = abs >= 100 ? abs.toFixed(0) : abs.toFixed(1);
  if (text === '0.0') return '±0 %';
  return `${pct > 0 ? '+' : '−'}${text} %`;
}

/** A p-value: "p < 0.001", "p = 0.032", "p = 0.049", "p = 0.41" (three decimals below 0.1, so none rounds onto 0.05). */
export function formatP(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** A byte size in binary units: 4 KiB, 1 MiB, 256 MiB, 1 GiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : formatSig(v)} ${units[u]}`;
}

/** A fraction as a percentage without needless digits: 0.1 → "10 %", 0.125 → "12.5 %". */
export function formatFraction(x: number): string {
  return `${Number((x * 100).toFixed(2))} %`;
}
