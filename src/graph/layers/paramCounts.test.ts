import { describe, expect, it } from 'vitest'
import { evaluateLayer } from './evaluate'
import { findLayer } from './index'
import GOLDENS from './paramCounts.golden.json'
import type { ParamValue } from './params'
import type { PortDtype } from './types'

/** One row printed by scripts/paramCountGoldens.py from real PyTorch modules. */
interface GoldenRow {
  type: string
  params: Record<string, ParamValue>
  inputShape: (string | number)[]
  inputShapes?: (string | number)[][]
  dtypes?: string[]
  count: number
  outputShape: (string | number)[]
}

/** A configuration PyTorch refuses, with PyTorch's message. */
interface RefusalRow {
  type: string
  params: Record<string, ParamValue>
  inputShape: (string | number)[]
  error: string
}

const all = (GOLDENS as { torch: string; rows: (GoldenRow | RefusalRow)[] }).rows
const rows = all.filter((r): r is GoldenRow => !('error' in r))
const refusals = all.filter((r): r is RefusalRow => 'error' in r)

describe('PyTorch goldens (scripts/paramCountGoldens.py)', () => {
  it('cover every parametrised layer type at least once', () => {
    const types = new Set(rows.map((r) => r.type))
    for (const t of [
      'dense',
      'conv1d',
      'conv2d',
      'convTranspose2d',
      'batchNorm1d',
      'batchNorm2d',
      'layerNorm',
    ])
      expect(types).toContain(t)
    for (const t of ['embedding', 'multiHeadAttention', 'lstm', 'gru']) expect(types).toContain(t)
    expect(rows.length).toBeGreaterThanOrEqual(40)
  })

  it.each(rows.map((r, i) => [`${i}: ${r.type} ${JSON.stringify(r.params)}`, r] as const))(
    'matches PyTorch on %s',
    (_, row) => {
      const layer = findLayer(row.type)
      expect(layer, `unknown type ${row.type}`).toBeDefined()
      const inputs = row.inputShapes ?? [row.inputShape]
      const ev = evaluateLayer(layer!, inputs, row.params, row.dtypes as PortDtype[] | undefined)
      expect(ev.result).toEqual({ ok: true, outputs: [row.outputShape] })
      expect(ev.paramCount).toBe(row.count)
      expect(ev.flops).toBeGreaterThanOrEqual(0)
      expect(Number.isFinite(ev.flops)).toBe(true)
    },
  )

  it.each(
    refusals.map(
      (r) => [`${r.type} ${JSON.stringify(r.params)} on ${JSON.stringify(r.inputShape)}`, r] as const,
    ),
  )('refuses what PyTorch refuses: %s', (_, row) => {
    const ev = evaluateLayer(findLayer(row.type)!, [row.inputShape], row.params)
    expect(ev.result.ok, `PyTorch: ${row.error}`).toBe(false)
  })
})
