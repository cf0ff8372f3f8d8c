import { numel } from '../../ir/shape'
import type { Value } from '../../ir/value'
import type { AvgPool2dAttrs, MaxPool2dAttrs } from '../../ops/poolGeometry'
import { i32, launch1d, storage, u32 } from '../wgsl/index'
import { type KernelGen, kernel, shader } from './kernel'

/** WGSL that splits the thread index `i` of an [N, C, OH, OW] output into plane, oy, ox. */
function planePixel(shape: readonly number[]): string {
  const [, , oh, ow] = shape as [number, number, number, number]
  return `let ox = i % ${u32(ow)};
  let oy = (i / ${u32(ow)}) % ${u32(oh)};
  let plane = i / ${u32(ow * oh)};`
}

/**
 * Max pooling's window scan, shared by the values and the indices so both pick the same element:
 * the first maximum wins, a NaN always takes over, and the first in-bounds element stands in
 * when every value is -inf (PyTorch's rule, as `argmaxPool` has it).
 */
function maxPoolKernel(result: 'value' | 'index'): KernelGen {
  return ({ node, inputs, attrs, config }) => {
    const x = inputs[0] as Value
    const [, , h, w] = x.shape as [number, number, number, number]
    const { kernel: k, stride: s, padding: p, dilation: d } = attrs as MaxPool2dAttrs
    const { workgroups, header } = launch1d(
      numel(node.shape),
      config.workgroupSize,
      config.maxWorkgroupsPerDimension,
    )
    const body = `${header}
  ${planePixel(node.shape)}
  let base = i32(plane * ${u32(h * w)});
  var best = -inf_f32();
  var bestIndex = -1i;
  for (var ky = 0u; ky < ${u32(k[0])}; ky = ky + 1u) {
    let iy = i32(oy * ${u32(s[0])} + ky * ${u32(d[0])}) - ${i32(p[0])};
    if (iy < 0i || iy >= ${i32(h)}) { continue; }
    for (var kx = 0u; kx < ${u32(k[1])}; kx = kx + 1u) {
      let ix = i32(ox * ${u32(s[1])} + kx * ${u32(d[1])}) - ${i32(p[1])};
      if (ix < 0i || ix >= ${i32(w)}) { continue; }
      let at = base + iy * ${i32(w)} + ix;
      let v = x[at];
      if (bestIndex < 0i) { bestIndex = at; }
      if (v > best || is_nan(v)) { best = v; bestIndex = at; }
    }
  }
  out[i] = ${result === 'value' ? 'best' : 'bestIndex'};
}`
    const declarations = [
      storage(0, 'x', 'f32', 'read'),
      storage(1, 'out', result === 'value' ? 'f32' : 'i32', 'write'),
    ]
    return [kernel(node, shader(declarations, body), workgroups)]
  }
}

/**
 * avg_pool2d: the window clipped to the input is summed; the divisor is computed in the shader
 * exactly as `avgPoolDivisors` does (divisor_override, or the window clipped to the padded input
 * when counting the padding, or to the input itself).
 */
const avgPool2d: KernelGen = ({ node, inputs, attrs, config }) => {
  const x = inputs[0] as Value
  const [, , h, w] = x.shape as [number, number, number, number]
  const a = attrs as AvgPool2dAttrs
  const [kh, kw] = a.kernel
  const [sh, sw] = a.stride
  const [ph, pw] = a.padding
  const { workgroups, header } = launch1d(
    numel(node.shape),
    config.workgroupSize,
    config.maxWorkgroupsPerDimension,
  )
  const divisor =
    a.divisorOverride !== null
      ? `f32(${i32(a.divisorOverride)})`
      : a.countIncludePad
        ? 'f32((y1 - y0) * (x1 - x0))'
        : 'f32((ye - ys) * (xe - xs))'
  const body = `${header}
  ${planePixel(node.shape)}
  let base = plane * ${u32(h * w)};
  let y0 = i32(oy * ${u32(sh)}) - ${i32(ph)};
  let y1 = min(y0 + ${i32(kh)}, ${i32(h + ph)});
  let ys = max(y0, 0i);
  let ye = min(y0 + ${i32(kh)}, ${i32(h)});
  let x0 = i32(ox * ${u32(sw)}) - ${i32(pw)};
  let x1 = min(x0 + ${i32(kw)}, ${i32(w + pw)});
  let xs = max(x0, 0i);
  let xe = min(x0 + ${i32(kw)}, ${i32(w)});
  var acc = 0.0;
  for (var iy = ys; iy < ye; iy = iy + 1i) {
    for (var ix = xs; ix < xe; ix = ix + 1i) { acc = acc + x[base + u32(iy * ${i32(w)} + ix)]; }
  }
  out[i] = acc / ${divisor};
}`
  const declarations = [storage(0, 'x', 'f32', 'read'), storage(1, 'out', 'f32', 'write')]
  return [kernel(node, shader(declarations, body), workgroups)]
}

/** Kernel generators of the pools, by op name. */
export const POOL_KERNELS: Record<string, KernelGen> = {
  maxPool2d: maxPoolKernel('value'),
  maxPool2dIndices: maxPoolKernel('index'),
  avgPool2d,
}
