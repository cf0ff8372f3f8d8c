import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { grad } from '../autodiff/grad'
import { GraphBuilder } from '../ir/builder'
import { numel } from '../ir/shape'
import type { Value } from '../ir/value'
import { close, makeRandom } from '../ops/conformance'
import { gemmKernel } from './kernels/gemm'
import { useSimd } from './kernels/simd'
import { cpuPlan, type Feeds, runCpu } from './runCpu'

/**
 * The fast f32 kernels against the reference kernels run in f32 on the same graph: every output
 * element must agree to f32 accuracy. Shapes are odd and larger than the GEMM's blocks, and
 * operands arrive as views (transposed, permuted, sliced, broadcast), which is where fast
 * kernels differ from the reference most.
 */

function feedsFor(g: GraphBuilder, seed = 1): Feeds {
  const rand = makeRandom(seed)
  const feeds: Record<string, Float32Array | Int32Array> = {}
  for (const v of g.nodes)
    if (v.op === 'input' && v.dtype === 'f32')
      feeds[v.name!] = Float32Array.from({ length: numel(v.shape) }, () => rand() * 4 - 2)
  return feeds
}

/** Mismatches between the fast and the reference run of `outputs` (empty when they agree). */
function mismatches(g: GraphBuilder, outputs: readonly Value[], feeds: Feeds = feedsFor(g)): string[] {
  const fast = runCpu(g, feeds, { outputs })
  const ref = runCpu(g, feeds, { outputs, reference: true })
  const out: string[] = []
  for (const y of outputs) {
    const a = fast.get(y).data
    const b = ref.get(y).data
    expect(a.length, `#${y.id} ${y.op}`).toBe(b.length)
    const scale = Math.max(1, ...Array.from(b, (v) => (Number.isFinite(v) ? Math.abs(v) : 0)))
    for (let i = 0; i < b.length && out.length < 5; i++)
      if (!close(a[i]!, b[i]!, 1e-5, 1e-6 * scale))
        out.push(`#${y.id} ${y.op}[${i}]: fast ${a[i]} vs ${b[i]}`)
  }
  return out
}

it('runs GEMMs on the WebAssembly SIMD kernel in Node', () => {
  expect(gemmKernel()).toBe('wasm-simd')
})

describe.each(['wasm-simd', 'typescript'] as const)(
  'fast f32 kernels (GEMM on %s) agree with the reference kernels',
  (kernel) => {
    let previous = true
    beforeAll(() => {
      previous = useSimd(kernel === 'wasm-simd')
    })
    afterAll(() => {
      useSimd(previous)
    })

    it('runs the GEMM kernel this block is about', () => {
      expect(gemmKernel()).toBe(kernel)
    })

    it('multiplies matrices larger than every GEMM block, with ragged edges', () => {
      const g = new GraphBuilder()
      const y = g.matmul(g.input([70, 301], { name: 'a' }), g.input([301, 530], { name: 'b' }))
      expect(mismatches(g, [y])).toEqual([])
    })

    it('reads transposed and sliced operands of a matmul in place', () => {
      const g = new GraphBuilder()
      const a = g.input([9, 13], { name: 'a' })
      const b = g.input([6, 20], { name: 'b' })
      const bt = g.slice(g.transpose(b, 0, 1), [3, 0], [16, 6])
      const y = g.matmul(g.transpose(a, 0, 1), g.slice(g.input([9, 6], { name: 'c' }), [0, 0], [9, 6]))
      const z = g.matmul(a, bt)
      expect(mismatches(g, [y, z])).toEqual([])
      // the transposes feed only the matmuls: nothing copies them
      expect(cpuPlan(g, { outputs: [y, z] }).stats.viewsReadThrough).toBe(4)
    })

    it('broadcasts batch dimensions of a batched matmul of transposed operands', () => {
      const g = new GraphBuilder()
      const a = g.input([2, 1, 7, 5], { name: 'a' })
      const b = g.input([3, 6, 7], { name: 'b' })
      const y = g.matmul(g.transpose(a, -1, -2), g.transpose(b, -1, -2))
      expect(y.shape).toEqual([2, 3, 5, 6])
      expect(mismatches(g, [y])).toEqual([])
    })

    it('gives zeros for an empty inner dimension', () => {
      const g = new GraphBuilder()
      const y = g.matmul(g.input([3, 0], { name: 'a' }), g.input([0, 5], { name: 'b' }))
      expect(runCpu(g, feedsFor(g), { outputs: [y] }).array(y)).toEqual(new Array(15).fill(0))
    })

    it('convolves a permuted input with groups, strides, padding and dilation', () => {
      const g = new GraphBuilder()
      const x = g.permute(g.input([6, 2, 9, 11], { name: 'x' }), [1, 0, 2, 3])
      const w = g.input([8, 3, 3, 2], { name: 'w' })
      const y = g.conv2d(x, w, { groups: 2, stride: [2, 1], padding: [1, 0], dilation: [1, 2] })
      expect(mismatches(g, [y])).toEqual([])
    })

    it('convolves a batch bigger than one block of output pixels', () => {
      const g = new GraphBuilder()
      const y = g.conv2d(g.input([3, 5, 28, 27], { name: 'x' }), g.input([7, 5, 3, 3], { name: 'w' }), {
        padding: 1,
      })
      expect(mismatches(g, [y])).toEqual([])
    })

    it('runs stride-1 transposed convolutions as gathers, with groups, dilation and output padding', () => {
      const g = new GraphBuilder()
      const x = g.input([2, 4, 6, 5], { name: 'x' })
      const w = g.input([4, 3, 3, 2], { name: 'w' })
      const y = g.convTranspose2d(x, w, { groups: 2, dilation: 2, padding: 1, output_padding: 1 })
      const z = g.convTranspose2d(x, w, { padding: [2, 0] })
      expect(mismatches(g, [y, z])).toEqual([])
    })

    it('runs strided transposed convolutions through col2im', () => {
      const g = new GraphBuilder()
      const x = g.input([2, 4, 5, 4], { name: 'x' })
      const w = g.input([4, 3, 3, 3], { name: 'w' })
      const y = g.convTranspose2d(x, w, { stride: 2, padding: 1, output_padding: 1 })
      const z = g.convTranspose2d(x, w, { stride: [3, 1], groups: 2, padding: [0, 1] })
      expect(mismatches(g, [y, z])).toEqual([])
    })

    it("computes a convolution's input and weight gradients through permuted views", () => {
      const g = new GraphBuilder()
      const x = g.input([3, 4, 10, 9], { name: 'x' })
      const w = g.input([6, 2, 3, 3], { name: 'w' })
      const y = g.conv2d(x, w, { padding: 1, stride: [1, 2], groups: 2 })
      const loss = g.sum(g.mul(y, g.input(y.shape, { name: 'r' })))
      const grads = grad(g, loss, [x, w])
      expect(mismatches(g, grads)).toEqual([])
    })

    it('computes every unary op, and binary ops on broadcast and permuted operands', () => {
      const g = new GraphBuilder()
      const x = g.input([4, 3, 5], { name: 'x' })
      const unary = (
        ['neg', 'exp', 'abs', 'sign', 'relu', 'tanh', 'sigmoid', 'erf', 'sin', 'cos'] as const
      ).map((op) => g[op](x))
      const pos = g.add(g.abs(x), 0.5)
      const positive = [g.log(pos), g.sqrt(pos), g.rsqrt(pos), g.pow(pos, g.input([5], { name: 'e' }))]
      const bias = g.input([3, 1], { name: 'bias' })
      const xt = g.permute(g.input([5, 4, 3], { name: 'y' }), [1, 2, 0])
      const binary = (['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'lt', 'gt', 'eq'] as const).map(
        (op) => g[op](xt, bias),
      )
      const chosen = g.where(g.gt(x, 0), xt, bias)
      expect(mismatches(g, [...unary, ...positive, ...binary, chosen])).toEqual([])
    })

    it('keeps NaN rules: relu and max pass NaN on, comparisons with NaN are false', () => {
      const g = new GraphBuilder()
      const x = g.input([2, 3], { name: 'x' })
      const outs = [g.relu(x), g.max(x, 1), g.gt(x, 0), g.eq(x, x), g.maximum(x, 0)]
      const feeds = { x: Float32Array.from([Number.NaN, -1, 2, 0, -0, Number.NEGATIVE_INFINITY]) }
      const fast = runCpu(g, feeds, { outputs: outs })
      const ref = runCpu(g, feeds, { outputs: outs, reference: true })
      for (const y of outs) expect(fast.array(y), y.op).toEqual(ref.array(y))
    })

    it('reduces over leading, inner and all axes of a permuted input', () => {
      const g = new GraphBuilder()
      const x = g.permute(g.input([5, 4, 6, 3], { name: 'x' }), [1, 3, 0, 2])
      const outs = [
        g.sum(x, [0, 2, 3]),
        g.sum(x, 3, true),
        g.sum(x),
        g.max(x, [1, 2]),
        g.max(x, 0, true),
        g.sum(g.input([], { name: 's' })),
      ]
      expect(mismatches(g, outs)).toEqual([])
    })

    it('max-pools, picks the same indices, and scatters gradients back', () => {
      const g = new GraphBuilder()
      const x = g.input([2, 3, 9, 8], { name: 'x' })
      const opts = { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true } as const
      const y = g.maxPool2d(x, opts)
      const picked = g.maxPool2dIndices(x, opts)
      const [dx] = grad(g, g.sum(g.mul(y, g.input(y.shape, { name: 'r' }))), [x])
      expect(mismatches(g, [y, picked, dx!])).toEqual([])
    })

    it('max-pools 2x2 windows inside the image the same way, NaN and ties included', () => {
      const g = new GraphBuilder()
      const x = g.input([2, 3, 6, 8], { name: 'x' })
      const y = g.maxPool2d(x, { kernel_size: 2 })
      const picked = g.maxPool2dIndices(x, { kernel_size: [3, 2], stride: [2, 3] })
      const feeds = feedsFor(g)
      const data = feeds.x as Float32Array
      data[9] = Number.NaN
      data[20] = data[21] = 5
      expect(mismatches(g, [y, picked], feeds)).toEqual([])
      // x[9] is row 1, column 1 of the first plane: in the first window
      expect(Number.isNaN(runCpu(g, feeds, { outputs: [y] }).array(y)[0]!)).toBe(true)
    })

    it('copies a reshape that no strides can express', () => {
      const g = new GraphBuilder()
      const x = g.permute(g.input([4, 6], { name: 'x' }), [1, 0])
      const flat = g.reshape(x, [3, 8])
      const y = g.matmul(flat, g.input([8, 2], { name: 'w' }))
      expect(mismatches(g, [flat, y])).toEqual([])
    })

    it('trains a small CNN step with Adam-like updates to the same numbers', () => {
      const g = new GraphBuilder()
      const x = g.input([4, 2, 8, 8], { name: 'x' })
      const w1 = g.input([5, 2, 3, 3], { name: 'w1' })
      const b1 = g.input([5], { name: 'b1' })
      const w2 = g.input([3, 5 * 4 * 4], { name: 'w2' })
      const h = g.relu(g.add(g.conv2d(x, w1, { padding: 1 }), g.reshape(b1, [5, 1, 1])))
      const p = g.maxPool2d(h, { kernel_size: 2 })
      const logits = g.matmul(g.reshape(p, [4, 80]), g.transpose(w2, 0, 1))
      const loss = g.mean(g.mul(logits, logits))
      const grads = grad(g, loss, [w1, b1, w2])
      const updated = grads.map((d, i) => {
        const param = [w1, b1, w2][i]!
        return g.sub(param, g.div(g.mul(d, 0.01), g.add(g.sqrt(g.mul(d, d)), 1e-8)))
      })
      expect(mismatches(g, [loss, ...updated])).toEqual([])
    })
  },
)
