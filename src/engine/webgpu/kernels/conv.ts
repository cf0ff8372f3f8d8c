import { numel } from '../../ir/shape'
import type { Value } from '../../ir/value'
import type { Conv2dAttrs, ConvTranspose2dAttrs } from '../../ops/convGeometry'
import { i32, launch1d, storage, u32 } from '../wgsl/index'
import { implicitGemmBody, usesImplicitGemm } from './implicitGemm'
import { type KernelConfig, type KernelGen, kernel, shader } from './kernel'

const DECLARATIONS = [
  storage(0, 'x', 'f32', 'read'),
  storage(1, 'w', 'f32', 'read'),
  storage(2, 'out', 'f32', 'write'),
]

/** WGSL that splits the thread index `i` of an [N, C, H, W] output into bi, oc, oy, ox. */
function outputPixel(shape: readonly number[]): string {
  const [, o, oh, ow] = shape as [number, number, number, number]
  return `let ox = i % ${u32(ow)};
  var r = i / ${u32(ow)};
  let oy = r % ${u32(oh)};
  r = r / ${u32(oh)};
  let oc = r % ${u32(o)};
  let bi = r / ${u32(o)};`
}

/** Outputs (rows = output channels, columns = output pixels of the batch) from which a convolution is an implicit GEMM. */
export const GEMM_MIN_ROWS = 8
export const GEMM_MIN_COLUMNS = 32

/** Whether a convolution with these GEMM sizes runs as implicit GEMM (one group, big enough, capable device). */
function gemmFits(groups: number, rows: number, columns: number, config: KernelConfig): boolean {
  return groups === 1 && rows >= GEMM_MIN_ROWS && columns >= GEMM_MIN_COLUMNS && usesImplicitGemm(config)
}

/**
 * WGSL splitting GEMM column `c` into the batch index and output pixel of an [N, O, OH, OW]
 * output, and the statement storing `v` at (row = channel, c).
 */
function pixelColumns(oh: number, ow: number, channels: number) {
  const pixels = oh * ow
  return {
    split: `let bi = c / ${u32(pixels)}; let pr = c % ${u32(pixels)}; let oy = pr / ${u32(ow)}; let ox = pr % ${u32(ow)};`,
    store: `out[(c / ${u32(pixels)}) * ${u32(channels * pixels)} + r * ${u32(pixels)} + c % ${u32(pixels)}] = v;`,
  }
}

/**
 * conv2d as implicit GEMM: out[b, o, pixel] = Σ over (c, ky, kx) of w[o, c, ky, kx] times the
 * input under tap (ky, kx) of the pixel's window (zero in the padding).
 */
function conv2dGemm(node: Value, x: Value, w: Value, attrs: Conv2dAttrs, config: KernelConfig) {
  const [n, c, h, wd] = x.shape as [number, number, number, number]
  const [o, , kh, kw] = w.shape as [number, number, number, number]
  const [, , oh, ow] = node.shape as [number, number, number, number]
  const { stride, padding, dilation } = attrs
  const depth = c * kh * kw
  const cols = pixelColumns(oh, ow, o)
  const { body, workgroups } = implicitGemmBody(
    {
      m: o,
      n: n * oh * ow,
      k: depth,
      loadA: `return w[r * ${u32(depth)} + k];`,
      // a column's batch offset and window origin (top-left tap, possibly in the padding)
      columnInfo: `${cols.split}
  return vec4<i32>(i32(bi * ${u32(c * h * wd)}), i32(oy * ${u32(stride[0])}) - ${i32(padding[0])}, i32(ox * ${u32(stride[1])}) - ${i32(padding[1])}, 0i);`,
      depthSizes: [c, kh, kw],
      depthInfo: `return vec4<i32>(i32(kd.x * ${u32(h * wd)}), i32(kd.y * ${u32(dilation[0])}), i32(kd.z * ${u32(dilation[1])}), 0i);`,
      loadB: `let iy = info.y + kq.y;
  let ix = info.z + kq.z;
  if (iy < 0i || iy >= ${i32(h)} || ix < 0i || ix >= ${i32(wd)}) { return 0.0; }
  return x[u32(info.x + kq.x + iy * ${i32(wd)} + ix)];`,
      store: cols.store,
    },
    config,
  )
  return [
    kernel(node, shader(DECLARATIONS, body), workgroups, node.inputs, `conv2d #${node.id} (implicit GEMM)`),
  ]
}

/**
 * conv2d, direct: a thread per output pixel sums its group's channels under the (dilated,
 * strided, padded) kernel window, skipping taps that fall in the padding.
 */
const conv2d: KernelGen = ({ node, inputs, attrs, config }) => {
  const [x, w] = inputs as [Value, Value]
  const [, c, h, wd] = x.shape as [number, number, number, number]
  const [o, cg, kh, kw] = w.shape as [number, number, number, number]
  const { stride, padding, dilation, groups } = attrs as Conv2dAttrs
  if (gemmFits(groups, o, numel(node.shape) / o, config))
    return conv2dGemm(node, x, w, attrs as Conv2dAttrs, config)
  const { workgroups, header } = launch1d(
    numel(node.shape),
    config.workgroupSize,
    config.maxWorkgroupsPerDimension,
  )
  const body = `${header}
  ${outputPixel(node.shape)}
  let ic0 = (oc / ${u32(o / groups)}) * ${u32(cg)};
  var acc = 0.0;
  for (var ci = 0u; ci < ${u32(cg)}; ci = ci + 1u) {
    let xBase = (bi * ${u32(c)} + ic0 + ci) * ${u32(h)};
    let wBase = (oc * ${u32(cg)} + ci) * ${u32(kh)};
    for (var ky = 0u; ky < ${u32(kh)}; ky = ky + 1u) {
      let iy = i32(oy * ${u32(stride[0])} + ky * ${u32(dilation[0])}) - ${i32(padding[0])};
      if (iy < 0i || iy >= ${i32(h)}) { continue; }
      for (var kx = 0u; kx < ${u32(kw)}; kx = kx + 1u) {
        let ix = i32(ox * ${u32(stride[1])} + kx * ${u32(dilation[1])}) - ${i32(padding[1])};
        if (ix < 0i || ix >= ${i32(wd)}) { continue; }
        acc = acc + x[(xBase + u32(iy)) * ${u32(wd)} + u32(ix)] * w[(wBase + ky) * ${u32(kw)} + kx];
      }
    }
  }
  out[i] = acc;
}`
  return [kernel(node, shader(DECLARATIONS, body), workgroups)]
}

/**
 * conv_transpose2d as implicit GEMM (one group): out[b, j, pixel] = Σ over (ci, ky, kx) of
 * w[ci, j, ky, kx] times the input pixel whose strided, dilated footprint lands on the output
 * pixel through tap (ky, kx) (zero where none does).
 */
function convTranspose2dGemm(
  node: Value,
  x: Value,
  w: Value,
  attrs: ConvTranspose2dAttrs,
  config: KernelConfig,
) {
  const [n, c, h, wd] = x.shape as [number, number, number, number]
  const [, og, kh, kw] = w.shape as [number, number, number, number]
  const [, , oh, ow] = node.shape as [number, number, number, number]
  const { stride, padding, dilation } = attrs
  const cols = pixelColumns(oh, ow, og)
  const { body, workgroups } = implicitGemmBody(
    {
      m: og,
      n: n * oh * ow,
      k: c * kh * kw,
      loadA: `return w[((kd.x * ${u32(og)} + r) * ${u32(kh)} + kd.y) * ${u32(kw)} + kd.z];`,
      columnInfo: `${cols.split}
  return vec4<i32>(i32(bi * ${u32(c * h * wd)}), i32(oy) + ${i32(padding[0])}, i32(ox) + ${i32(padding[1])}, 0i);`,
      depthSizes: [c, kh, kw],
      depthInfo: `return vec4<i32>(i32(kd.x * ${u32(h * wd)}), i32(kd.y * ${u32(dilation[0])}), i32(kd.z * ${u32(dilation[1])}), 0i);`,
      loadB: `let ty = info.y - kq.y;
  let tx = info.z - kq.z;
  if (ty < 0i || tx < 0i || ty % ${i32(stride[0])} != 0i || tx % ${i32(stride[1])} != 0i) { return 0.0; }
  let iy = ty / ${i32(stride[0])};
  let ix = tx / ${i32(stride[1])};
  if (iy >= ${i32(h)} || ix >= ${i32(wd)}) { return 0.0; }
  return x[u32(info.x + kq.x + iy * ${i32(wd)} + ix)];`,
      store: cols.store,
    },
    config,
  )
  return [
    kernel(
      node,
      shader(DECLARATIONS, body),
      workgroups,
      node.inputs,
      `convTranspose2d #${node.id} (implicit GEMM)`,
    ),
  ]
}

/**
 * conv_transpose2d in gather form (no atomics): a thread per output pixel sums, over its group's
 * input channels and the kernel taps, the input pixels whose strided, dilated footprint lands on
 * it, i.e. where (y + p - k·d) is a non-negative multiple of the stride.
 */
const convTranspose2d: KernelGen = ({ node, inputs, attrs, config }) => {
  const [x, w] = inputs as [Value, Value]
  const [, c, h, wd] = x.shape as [number, number, number, number]
  const [, og, kh, kw] = w.shape as [number, number, number, number]
  const { stride, padding, dilation, groups } = attrs as ConvTranspose2dAttrs
  const cg = c / groups
  if (gemmFits(groups, og, numel(node.shape) / og, config))
    return convTranspose2dGemm(node, x, w, attrs as ConvTranspose2dAttrs, config)
  const { workgroups, header } = launch1d(
    numel(node.shape),
    config.workgroupSize,
    config.maxWorkgroupsPerDimension,
  )
  const body = `${header}
  ${outputPixel(node.shape)}
  let grp = oc / ${u32(og)};
  let j = oc % ${u32(og)};
  var acc = 0.0;
  for (var ci = 0u; ci < ${u32(cg)}; ci = ci + 1u) {
    let ic = grp * ${u32(cg)} + ci;
    let xBase = (bi * ${u32(c)} + ic) * ${u32(h)};
    let wBase = (ic * ${u32(og)} + j) * ${u32(kh)};
    for (var ky = 0u; ky < ${u32(kh)}; ky = ky + 1u) {
      let ty = i32(oy) + ${i32(padding[0])} - i32(ky * ${u32(dilation[0])});
      if (ty < 0i || ty % ${i32(stride[0])} != 0i) { continue; }
      let iy = ty / ${i32(stride[0])};
      if (iy >= ${i32(h)}) { continue; }
      for (var kx = 0u; kx < ${u32(kw)}; kx = kx + 1u) {
        let tx = i32(ox) + ${i32(padding[1])} - i32(kx * ${u32(dilation[1])});
        if (tx < 0i || tx % ${i32(stride[1])} != 0i) { continue; }
        let ix = tx / ${i32(stride[1])};
        if (ix >= ${i32(wd)}) { continue; }
        acc = acc + x[(xBase + u32(iy)) * ${u32(wd)} + u32(ix)] * w[(wBase + ky) * ${u32(kw)} + kx];
      }
    }
  }
  out[i] = acc;
}`
  return [kernel(node, shader(DECLARATIONS, body), workgroups)]
}

/** Kernel generators of the convolutions, by op name. */
export const CONV_KERNELS: Record<string, KernelGen> = { conv2d, convTranspose2d }
