import { describe, expect, it } from 'vitest'
import { grad } from '../autodiff/grad'
import { GraphBuilder } from '../ir/builder'
import { runCpu } from './runCpu'

describe('runCpu', () => {
  it('evaluates a small network from named feeds', () => {
    const g = new GraphBuilder()
    const x = g.input([2, 3], { name: 'x' })
    const w = g.param('w', [3, 2])
    const y = g.relu(g.add(g.matmul(x, w), 1))
    const out = runCpu(g, { x: [1, 2, 3, 4, 5, 6], w: [1, 0, 0, -1, 1, 0] })
    // rows: [1+3+1, -2+1] and [4+6+1, -5+1]
    expect(out.array(y)).toEqual([5, 0, 11, 0])
  })

  it('computes only what the requested outputs depend on', () => {
    const g = new GraphBuilder()
    const x = g.input([2], { name: 'x' })
    const table = g.param('table', [2, 1])
    const wanted = g.exp(x)
    // an out-of-range lookup that would throw if it were evaluated
    g.gather(table, g.constant(new Int32Array([7]), [1]))
    const out = runCpu(g, { x: [0, 0] }, { outputs: [wanted] })
    expect(out.array(wanted)).toEqual([1, 1])
    expect(() => out.get(table)).toThrow(/not computed/)
  })

  it('names a missing feed and a wrongly sized one', () => {
    const g = new GraphBuilder()
    g.input([2, 3], { name: 'images' })
    expect(() => runCpu(g, {})).toThrow("no value fed for input 'images' [2, 3].")
    expect(() => runCpu(g, { images: [1, 2] })).toThrow("input 'images' [2, 3] needs 6 values but was fed 2.")
  })

  it('runs f32 values in Float64Array in f64 mode and keeps i32 values in Int32Array', () => {
    const g = new GraphBuilder()
    const x = g.input([2], { name: 'x' })
    const i = g.cast(x, 'i32')
    const f32 = runCpu(g, { x: [1.5, -2.5] })
    const f64 = runCpu(g, { x: [1.5, -2.5] }, { precision: 'f64' })
    expect(f32.get(x).data).toBeInstanceOf(Float32Array)
    expect(f64.get(x).data).toBeInstanceOf(Float64Array)
    expect(f64.get(i).data).toBeInstanceOf(Int32Array)
    expect(f64.array(i)).toEqual([1, -2])
  })

  it('rounds to f32 in f32 mode and keeps double precision in f64 mode', () => {
    const g = new GraphBuilder()
    const x = g.input([1], { name: 'x' })
    const y = g.add(x, 1e-10)
    expect(runCpu(g, { x: [1] }).array(y)).toEqual([1])
    expect(runCpu(g, { x: [1] }, { precision: 'f64' }).array(y)).toEqual([1 + 1e-10])
  })

  it('never writes into the fed arrays', () => {
    const g = new GraphBuilder()
    const x = g.input([3], { name: 'x' })
    g.neg(x)
    const data = new Float32Array([1, 2, 3])
    runCpu(g, { x: data })
    expect(Array.from(data)).toEqual([1, 2, 3])
  })

  it('reports an out-of-range gather index at run time, as PyTorch does', () => {
    const g = new GraphBuilder()
    const table = g.param('table', [3, 2])
    const ids = g.input([2], { name: 'ids', dtype: 'i32' })
    g.gather(table, ids)
    expect(() => runCpu(g, { table: new Float32Array(6), ids: [1, 3] })).toThrow(/index 3 is out of range/)
  })
})

describe('NaN and Inf', () => {
  it('propagate through elementwise ops, reductions, matmul, pooling and convolution', () => {
    const g = new GraphBuilder()
    const x = g.input([1, 1, 2, 2], { name: 'x' })
    const flat = g.reshape(x, [2, 2])
    const checks = {
      exp: g.exp(flat),
      log: g.log(flat),
      relu: g.relu(flat),
      maximum: g.maximum(flat, 0),
      sum: g.sum(flat, 1),
      max: g.max(flat, 1),
      matmul: g.matmul(flat, g.full([2, 2], 1)),
      maxPool: g.maxPool2d(x, { kernel_size: 2 }),
      avgPool: g.avgPool2d(x, { kernel_size: 2 }),
      conv: g.conv2d(x, g.full([1, 1, 2, 2], 1)),
      softmax: g.softmax(flat, 1),
    }
    // x = [[NaN, 1], [Infinity, -1]]
    const out = runCpu(g, { x: [Number.NaN, 1, Infinity, -1] })
    const nan = Number.NaN
    expect(out.array(checks.exp)).toEqual([nan, Math.fround(Math.E), Infinity, Math.fround(Math.exp(-1))])
    expect(out.array(checks.log)).toEqual([nan, 0, Infinity, nan])
    expect(out.array(checks.relu)).toEqual([nan, 1, Infinity, 0])
    expect(out.array(checks.maximum)).toEqual([nan, 1, Infinity, 0])
    expect(out.array(checks.sum)).toEqual([nan, Infinity])
    expect(out.array(checks.max)).toEqual([nan, Infinity])
    expect(out.array(checks.matmul)).toEqual([nan, nan, Infinity, Infinity])
    expect(out.array(checks.maxPool)).toEqual([nan])
    expect(out.array(checks.avgPool)).toEqual([nan])
    expect(out.array(checks.conv)).toEqual([nan])
    // softmax of a row with +inf: inf - inf = NaN, as in PyTorch
    expect(out.array(checks.softmax)).toEqual([nan, nan, nan, nan])
  })

  it('propagates NaN into gradients', () => {
    const g = new GraphBuilder()
    const x = g.input([2], { name: 'x' })
    const [dx] = grad(g, g.sum(g.mul(g.tanh(x), x)), [x])
    const dxs = runCpu(g, { x: [Number.NaN, 0] }).array(dx!)
    expect(Number.isNaN(dxs[0]!)).toBe(true)
    expect(dxs[1]).toBe(0)
  })
})
