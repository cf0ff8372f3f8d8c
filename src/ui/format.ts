/**
 * Numbers as the UI writes them: short, with SI suffixes ("12.5k params · 1.2 MFLOPs").
 */

const SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P'] as const

/** `950` -> `950`, `12500` -> `12.5k`, `1234567` -> `1.23M`: three significant digits at most. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const sign = n < 0 ? '-' : ''
  let v = Math.abs(n)
  let i = 0
  while (v >= 999.5 && i < SUFFIXES.length - 1) {
    v /= 1000
    i++
  }
  const digits = i === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2
  const text = v.toFixed(digits).replace(/\.0+$|(\.\d*?)0+$/, '$1')
  return `${sign}${text}${SUFFIXES[i]}`
}

/** `1200000` -> `1.2 MFLOPs`, `800` -> `800 FLOPs`. */
export function formatFlops(n: number): string {
  const text = formatCount(n)
  const last = text.at(-1) ?? ''
  return /[kMGTP]/.test(last) ? `${text.slice(0, -1)} ${last}FLOPs` : `${text} FLOPs`
}

/** The badge of a node or a model: `12.5k params · 1.2 MFLOPs`. */
export function formatStats(stats: { paramCount: number; flops: number }): string {
  return `${formatCount(stats.paramCount)} params · ${formatFlops(stats.flops)}`
}
