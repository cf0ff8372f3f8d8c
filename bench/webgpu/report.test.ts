import { describe, expect, it } from 'vitest'
import { formatTable, type ReportCell, ratioToBestPeer, resultRows } from './report.mjs'

const cell = (system: string, value: number | undefined): ReportCell => ({
  system,
  workload: 'mlp',
  name: 'MLP',
  unit: 'steps/s',
  ...(value === undefined ? {} : { value, compileMs: 100 }),
})

describe('the browser benchmark report', () => {
  it('writes a value row and a compile row per measured cell, none for a failed one', () => {
    const rows = resultRows(
      [cell('triad-webgpu', 2), cell('tfjs-wasm', undefined), cell('jax-js-wasm', 3)],
      'swiftshader',
    )
    expect(rows).toEqual([
      {
        workload: 'MLP',
        system: 'triad',
        backend: 'webgpu',
        adapter: 'swiftshader',
        value: 2,
        unit: 'steps/s',
      },
      {
        workload: 'MLP:compile',
        system: 'triad',
        backend: 'webgpu',
        adapter: 'swiftshader',
        value: 100,
        unit: 'ms',
      },
      { workload: 'MLP', system: 'jax-js', backend: 'wasm', adapter: 'cpu', value: 3, unit: 'steps/s' },
      { workload: 'MLP:compile', system: 'jax-js', backend: 'wasm', adapter: 'cpu', value: 100, unit: 'ms' },
    ])
  })

  it("divides Triad's value by the best peer's, skipping peers that failed", () => {
    const cells = [cell('triad-webgpu', 6), cell('tfjs-webgpu', undefined), cell('jax-js-webgpu', 3)]
    expect(ratioToBestPeer(cells, 'mlp', ['triad-webgpu', 'tfjs-webgpu', 'jax-js-webgpu'])).toBe(2)
    expect(ratioToBestPeer(cells, 'mlp', ['triad-cpu', 'tfjs-wasm', 'jax-js-wasm'])).toBeUndefined()
  })

  it('prints n/a for a failed cell and the ratio beside the values', () => {
    const table = formatTable(
      [cell('triad-webgpu', 6), cell('tfjs-webgpu', undefined), cell('jax-js-webgpu', 3)],
      ['mlp'],
    )
    const line = table.split('\n')[1]!
    expect(line).toMatch(/6\.0 +n\/a +3\.0 +2\.00x/)
  })
})
