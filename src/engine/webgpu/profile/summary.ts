/**
 * The pure half of the per-kernel profile: what a kernel label says about its op kind, medians,
 * and the table grouped by kind. No GPU here, so it is unit-tested in Node.
 */

/** One dispatch of a step with its median time. */
export interface DispatchTiming {
  /** The kernel's label as the plan names it (`matmul #12 Aᵀ`, `fused 5 (sub,exp) #40`). */
  readonly label: string
  readonly kind: string
  readonly workgroups: readonly [number, number, number]
  /** Median milliseconds over the rounds, the measuring overhead taken off (never below 0). */
  readonly ms: number
}

/** The dispatches of one op kind together. */
export interface KindRow {
  readonly kind: string
  readonly dispatches: number
  readonly ms: number
  /** Of the sum over all dispatches, 0..1. */
  readonly share: number
}

/** How the dispatches were timed. */
export type ProfileMethod = 'timestamp-query' | 'submit-per-dispatch'

/** A step's per-kernel profile. */
export interface KernelProfile {
  readonly method: ProfileMethod
  readonly rounds: number
  /** Every dispatch in run order. */
  readonly dispatches: readonly DispatchTiming[]
  /** By kind, largest first. */
  readonly byKind: readonly KindRow[]
  /** Sum of the dispatch medians. */
  readonly sumMs: number
  /** Median of the whole step submitted as one command buffer and awaited (what training pays). */
  readonly stepMs: number
  /** Median of an empty submission awaited: what was taken off each submit-per-dispatch time. */
  readonly overheadMs: number
}

/**
 * The op kind of a kernel label: its first word, 'fused' chains as `fused elementwise`,
 * reductions that compute their input chain as `sum (fused input)`, matmuls with their
 * transposed reads folded into the kind (`matmul Aᵀ`) since they are different kernels.
 */
export function kindOf(label: string): string {
  const op = label.split(/[\s#]/)[0] ?? label
  if (op === 'fused') return 'fused elementwise'
  if (label.includes('(fused input)')) return `${op} (fused input)`
  if (op === 'matmul') {
    const t = `${label.includes('Aᵀ') ? ' Aᵀ' : ''}${label.includes('Bᵀ') ? ' Bᵀ' : ''}`
    return `matmul${t}`
  }
  return op
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('the median of no samples is undefined: time at least one round.')
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Groups dispatch timings by kind, largest total first. */
export function groupByKind(dispatches: readonly DispatchTiming[]): KindRow[] {
  const total = dispatches.reduce((s, d) => s + d.ms, 0)
  const rows = new Map<string, { dispatches: number; ms: number }>()
  for (const d of dispatches) {
    const row = rows.get(d.kind) ?? { dispatches: 0, ms: 0 }
    row.dispatches++
    row.ms += d.ms
    rows.set(d.kind, row)
  }
  return [...rows]
    .map(([kind, r]) => ({ kind, dispatches: r.dispatches, ms: r.ms, share: total > 0 ? r.ms / total : 0 }))
    .sort((a, b) => b.ms - a.ms || a.kind.localeCompare(b.kind))
}

const ms = (x: number) => x.toFixed(2)

/**
 * The profile as a Markdown table (kind, dispatches, ms, share) followed by the `top` slowest
 * single dispatches: how a report says where a step's time goes.
 */
export function formatProfile(title: string, p: KernelProfile, top = 8): string {
  const lines = [
    `### ${title}`,
    `${p.dispatches.length} dispatches; step ${ms(p.stepMs)} ms (one submit), sum of dispatches ${ms(p.sumMs)} ms (${p.method}, median of ${p.rounds}, ${ms(p.overheadMs)} ms overhead each taken off)`,
    '',
    '| kind | dispatches | ms | share |',
    '|---|---:|---:|---:|',
    ...p.byKind.map((r) => `| ${r.kind} | ${r.dispatches} | ${ms(r.ms)} | ${(100 * r.share).toFixed(1)}% |`),
    '',
    `slowest dispatches: ${[...p.dispatches]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((d) => `${d.label} [${d.workgroups.join('×')}] ${ms(d.ms)}`)
      .join('; ')}`,
  ]
  return lines.join('\n')
}
