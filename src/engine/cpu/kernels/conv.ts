import type { Value } from '../../ir/value'
import type { Conv2dAttrs, ConvTranspose2dAttrs } from '../../ops/convGeometry'
import type { View } from '../views'
import { gemm, steps, TableMatrix } from './gemm'
import { Im2col } from './im2col'
import { allF32, type Buffers, f32, type KernelContext, type PlannedKernel } from './kernel'

/**
 * Convolutions of the f32 plan as GEMMs. conv2d is an implicit GEMM: per image and group,
 * out[o, pixel] = W[o, (c, ky, kx)] · cols[(c, ky, kx), pixel], where the im2col matrix `cols` is
 * never built: its panels are packed straight from the image. A stride-1 conv_transpose2d (the
 * input gradient of every stride-1 conv) is the same gather with the kernel flipped; a strided one
 * is a GEMM into a column buffer scattered back (col2im). Operands are read through their views,
 * so the permuted tensors of a weight gradient are never copied.
 */
export function planConv(node: Value, ctx: KernelContext): PlannedKernel | undefined {
  if (!allF32(ctx, node)) return undefined
  if (node.op === 'conv2d') return planConv2d(node, ctx)
  if (node.op === 'convTranspose2d') {
    const attrs = node.attrs as ConvTranspose2dAttrs
    return attrs.stride[0] === 1 && attrs.stride[1] === 1
      ? planGatherTranspose(node, ctx)
      : planCol2im(node, ctx)
  }
  return undefined
}

/** Per kernel tap (c, ky, kx) in row-major order: the channel, and the row/column shift. */
function tapTables(
  channels: number,
  kh: number,
  kw: number,
  dyStep: number,
  dxStep: number,
  flip: boolean,
): { tapChannel: Int32Array; dy: Int32Array; dx: Int32Array } {
  const taps = channels * kh * kw
  const tapChannel = new Int32Array(taps)
  const dy = new Int32Array(taps)
  const dx = new Int32Array(taps)
  let t = 0
  for (let c = 0; c < channels; c++)
    for (let ky = 0; ky < kh; ky++)
      for (let kx = 0; kx < kw; kx++, t++) {
        tapChannel[t] = c
        dy[t] = (flip ? -ky : ky) * dyStep
        dx[t] = (flip ? -kx : kx) * dxStep
      }
  return { tapChannel, dy, dx }
}

/**
 * Per column of `images` side-by-side oh x ow output grids: the image, and the input row/column
 * the pixel's window starts at.
 */
function windowStarts(
  images: number,
  oh: number,
  ow: number,
  step: [number, number],
  shift: [number, number],
) {
  const count = images * oh * ow
  const image = new Int32Array(count)
  const ys = new Int32Array(count)
  const xs = new Int32Array(count)
  let j = 0
  for (let img = 0; img < images; img++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++, j++) {
        image[j] = img
        ys[j] = y * step[0] + shift[0]
        xs[j] = x * step[1] + shift[1]
      }
  return { image, ys, xs }
}

function dims4(v: View): [number, number, number, number] {
  return v.shape as unknown as [number, number, number, number]
}

function planConv2d(node: Value, ctx: KernelContext): PlannedKernel {
  const { stride, padding, dilation, groups } = node.attrs as Conv2dAttrs
  const x = ctx.views[node.inputs[0]!]!
  const w = ctx.views[node.inputs[1]!]!
  const [o, cg, kh, kw] = dims4(w)
  const [ws0, ws1, ws2, ws3] = w.strides as [number, number, number, number]
  return planImplicitGemm(node, x, w, {
    groups,
    cg,
    og: o / groups,
    taps: tapTables(cg, kh, kw, dilation[0], dilation[1], false),
    step: [stride[0], stride[1]],
    shift: [-padding[0], -padding[1]],
    weightRows: steps(o / groups, ws0),
    weightCols: weightTaps(cg, kh, kw, ws1, ws2, ws3),
    weightGroupStride: (o / groups) * ws0,
  })
}

/**
 * Stride-1 conv_transpose2d as a gather: out[oc, (y, x)] = Σ w[c, oc, ky, kx] · in[c, y + p - ky·d,
 * x + p - kx·d], an implicit GEMM over taps (c, ky, kx) whose shifts run backwards.
 */
function planGatherTranspose(node: Value, ctx: KernelContext): PlannedKernel {
  const { padding, dilation, groups } = node.attrs as ConvTranspose2dAttrs
  const x = ctx.views[node.inputs[0]!]!
  const w = ctx.views[node.inputs[1]!]!
  const c = x.shape[1]!
  const [, og, kh, kw] = dims4(w)
  const cg = c / groups
  const [ws0, ws1, ws2, ws3] = w.strides as [number, number, number, number]
  return planImplicitGemm(node, x, w, {
    groups,
    cg,
    og,
    taps: tapTables(cg, kh, kw, dilation[0], dilation[1], true),
    step: [1, 1],
    shift: [padding[0], padding[1]],
    weightRows: steps(og, ws1),
    weightCols: weightTaps(cg, kh, kw, ws0, ws2, ws3),
    weightGroupStride: cg * ws0,
  })
}

/** Offsets of the taps (c, ky, kx) of a weight, row-major, from its strides. */
function weightTaps(cg: number, kh: number, kw: number, sc: number, sy: number, sx: number): Int32Array {
  const out = new Int32Array(cg * kh * kw)
  let t = 0
  for (let c = 0; c < cg; c++)
    for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) out[t++] = c * sc + ky * sy + kx * sx
  return out
}

/** A convolution as GEMMs over im2col columns, described by its tables. */
interface ImplicitGemm {
  readonly groups: number
  /** Input channels per group, output channels per group. */
  readonly cg: number
  readonly og: number
  /** The input taps of one group: channel offset and row/column shifts. */
  readonly taps: { tapChannel: Int32Array; dy: Int32Array; dx: Int32Array }
  /** Output pixel (y, x) reads the window at (y·step + shift). */
  readonly step: [number, number]
  readonly shift: [number, number]
  /** The weight as a matrix [og, taps] of one group: row and column offsets, and the group step. */
  readonly weightRows: Int32Array
  readonly weightCols: Int32Array
  readonly weightGroupStride: number
}

/**
 * Below this many output pixels per image, all images of a group go into one GEMM (into a
 * scratch matrix, then rearranged): a weight gradient's 3x3 "image" would otherwise make a
 * batch of GEMMs a few columns wide.
 */
const JOINT_BELOW_PIXELS = 64

function planImplicitGemm(node: Value, x: View, w: View, c: ImplicitGemm): PlannedKernel {
  const [n, , h, wd] = dims4(x)
  const [, o, oh, ow] = node.shape as [number, number, number, number]
  const [xs0, xs1, xs2, xs3] = x.strides as [number, number, number, number]
  const { groups, cg, og, taps } = c
  const pixels = oh * ow
  const depth = taps.tapChannel.length
  const joint = pixels < JOINT_BELOW_PIXELS && n > 1
  const images = joint ? n : 1
  const cols = new Im2col({
    channels: cg,
    h,
    w: wd,
    ...taps,
    ...windowStarts(images, oh, ow, c.step, c.shift),
    images,
    strides: [xs0, xs1, xs2, xs3],
  })
  const a = new TableMatrix(c.weightRows, c.weightCols)
  const scratch = joint ? new Float32Array(og * n * pixels) : new Float32Array(0)
  return {
    reads: [x.base, w.base],
    run(b: Buffers) {
      a.data = f32(b, w.base)
      cols.data = f32(b, x.base)
      const out = f32(b, node.id)
      for (let g = 0; g < groups; g++) {
        a.offset = w.offset + g * c.weightGroupStride
        if (joint) {
          cols.offset = x.offset + g * cg * xs1
          gemm(og, n * pixels, depth, a, cols, scratch, 0, n * pixels)
          for (let oc = 0; oc < og; oc++)
            for (let img = 0; img < n; img++) {
              const from = oc * n * pixels + img * pixels
              out.set(scratch.subarray(from, from + pixels), (img * o + g * og + oc) * pixels)
            }
          continue
        }
        for (let img = 0; img < n; img++) {
          cols.offset = x.offset + img * xs0 + g * cg * xs1
          gemm(og, pixels, depth, a, cols, out, (img * o + g * og) * pixels, pixels)
        }
      }
    },
  }
}

/**
 * Strided conv_transpose2d: per image and group, cols[(oc, ky, kx), (iy, ix)] = W^T · in (one
 * GEMM), then each column entry is added into the output pixel it lands on (col2im).
 */
function planCol2im(node: Value, ctx: KernelContext): PlannedKernel {
  const { stride, padding, dilation, groups } = node.attrs as ConvTranspose2dAttrs
  const x = ctx.views[node.inputs[0]!]!
  const wv = ctx.views[node.inputs[1]!]!
  const [n, c, h, w] = dims4(x)
  const [, og, kh, kw] = dims4(wv)
  const [, o, oh, ow] = node.shape as [number, number, number, number]
  const cg = c / groups
  const [xs0, xs1, xs2, xs3] = x.strides as [number, number, number, number]
  const [ws0, ws1, ws2, ws3] = wv.strides as [number, number, number, number]
  const rows = og * kh * kw
  const pixels = h * w
  const wrows = new Int32Array(rows)
  let t = 0
  for (let oc = 0; oc < og; oc++)
    for (let ky = 0; ky < kh; ky++)
      for (let kx = 0; kx < kw; kx++) wrows[t++] = oc * ws1 + ky * ws2 + kx * ws3
  const a = new TableMatrix(wrows, steps(cg, ws0))
  const pix = new Int32Array(pixels)
  for (let iy = 0; iy < h; iy++) for (let ix = 0; ix < w; ix++) pix[iy * w + ix] = iy * xs2 + ix * xs3
  const bm = new TableMatrix(steps(cg, xs1), pix)
  const colBuf = new Float32Array(rows * pixels)
  const plane = oh * ow
  return {
    reads: [x.base, wv.base],
    run(b: Buffers) {
      a.data = f32(b, wv.base)
      bm.data = f32(b, x.base)
      const out = f32(b, node.id)
      out.fill(0)
      for (let img = 0; img < n; img++)
        for (let g = 0; g < groups; g++) {
          a.offset = wv.offset + g * cg * ws0
          bm.offset = x.offset + img * xs0 + g * cg * xs1
          gemm(rows, pixels, cg, a, bm, colBuf, 0, pixels)
          let r = 0
          for (let oc = 0; oc < og; oc++) {
            const outPlane = (img * o + g * og + oc) * plane
            for (let ky = 0; ky < kh; ky++)
              for (let kx = 0; kx < kw; kx++, r++) {
                const row = r * pixels
                for (let iy = 0; iy < h; iy++) {
                  const y = iy * stride[0] - padding[0] + ky * dilation[0]
                  if (y < 0 || y >= oh) continue
                  const src = row + iy * w
                  const dst = outPlane + y * ow
                  for (let ix = 0; ix < w; ix++) {
                    const xo = ix * stride[1] - padding[1] + kx * dilation[1]
                    if (xo >= 0 && xo < ow) out[dst + xo]! += colBuf[src + ix]!
                  }
                }
              }
          }
        }
    },
  }
}
