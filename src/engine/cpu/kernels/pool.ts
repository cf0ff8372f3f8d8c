import type { Value } from '../../ir/value'
import { argmaxPool as argmaxPoolReference, type MaxPool2dAttrs } from '../../ops/poolGeometry'
import type { ScatterAddAttrs } from '../../ops/scatterAdd'
import type { Buffers, KernelContext, PlannedKernel } from './kernel'

/**
 * Max pooling (values and picked indices) and scatterAdd (their gradient) on f32 data: the
 * reference's window scan with the per-element callback inlined, and scatterAdd accumulating in
 * a plan-owned f64 buffer rather than a fresh one per step. Same picks, same NaN rule.
 */
export function planPool(node: Value, ctx: KernelContext): PlannedKernel | undefined {
  const input = (i: number) => ctx.graph.nodes[node.inputs[i]!]!
  if ((node.op === 'maxPool2d' || node.op === 'maxPool2dIndices') && input(0).dtype === 'f32') {
    const attrs = node.attrs as MaxPool2dAttrs
    const x = input(0)
    const wantIndices = node.op === 'maxPool2dIndices'
    // values are the input at the picked indices: one scan serves both ops
    const picked = wantIndices ? undefined : new Int32Array(node.shape.reduce((a, d) => a * d, 1))
    return {
      reads: [x.id],
      run(b: Buffers) {
        const data = b[x.id] as Float32Array
        if (!picked) {
          argmaxPool(data, x.shape, node.shape, attrs, b[node.id] as Int32Array)
          return
        }
        argmaxPool(data, x.shape, node.shape, attrs, picked)
        const out = b[node.id] as Float32Array
        for (let i = 0; i < picked.length; i++) out[i] = data[picked[i]!]!
      },
    }
  }
  if (node.op === 'scatterAdd' && input(1).dtype === 'f32') {
    const { rows } = node.attrs as ScatterAddAttrs
    const [indices, src] = [input(0), input(1)]
    const acc = new Float64Array(node.shape.reduce((a, d) => a * d, 1))
    const width = rows === 0 ? 0 : acc.length / rows
    return {
      reads: [indices.id, src.id],
      run(b: Buffers) {
        const idx = b[indices.id] as Int32Array
        const s = b[src.id] as Float32Array
        acc.fill(0)
        for (let i = 0; i < idx.length; i++) {
          const r = idx[i]!
          if (r < 0 || r >= rows)
            throw new RangeError(`scatterAdd: index ${r} is out of range for ${rows} rows.`)
          const from = i * width
          const to = r * width
          if (width === 1) acc[to]! += s[from]!
          else for (let j = 0; j < width; j++) acc[to + j]! += s[from + j]!
        }
        ;(b[node.id] as Float32Array).set(acc)
      },
    }
  }
  return undefined
}

/** For each max-pooling window, the flat input index it picks (the reference's `argmaxPool` rule). */
function argmaxPool(
  data: Float32Array,
  inShape: readonly number[],
  outShape: readonly number[],
  attrs: MaxPool2dAttrs,
  out: Int32Array,
): void {
  const [n, c, h, w] = inShape as [number, number, number, number]
  const [, , oh, ow] = outShape as [number, number, number, number]
  const [kh, kw] = attrs.kernel
  const [sh, sw] = attrs.stride
  const [ph, pw] = attrs.padding
  const [dh, dw] = attrs.dilation
  // windows that never leave the image (no padding, no dilation, not ceil-cut) skip the checks
  const inside =
    ph === 0 && pw === 0 && dh === 1 && dw === 1 && (oh - 1) * sh + kh <= h && (ow - 1) * sw + kw <= w
  if (inside) {
    argmaxInside(data, n * c, h, w, oh, ow, kh, kw, sh, sw, out)
    return
  }
  // Padded, dilated or ceil-cut windows: the reference scan itself (bounds checks per tap).
  argmaxPoolReference(data, inShape, outShape, attrs, (o, _value, at) => {
    out[o] = at
  })
}

/** The window scan when every window lies inside its plane: same picks, no bounds checks. */
function argmaxInside(
  data: Float32Array,
  planes: number,
  h: number,
  w: number,
  oh: number,
  ow: number,
  kh: number,
  kw: number,
  sh: number,
  sw: number,
  out: Int32Array,
): void {
  let o = 0
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * h * w
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++, o++) {
        const start = base + y * sh * w + x * sw
        let best = data[start]!
        let bestIndex = start
        for (let i = 0; i < kh; i++) {
          const row = start + i * w
          for (let j = i === 0 ? 1 : 0; j < kw; j++) {
            const v = data[row + j]!
            // the reference's rule: the first maximum wins, a NaN always takes over
            if (v > best || Number.isNaN(v)) {
              best = v
              bestIndex = row + j
            }
          }
        }
        out[o] = bestIndex
      }
  }
}
