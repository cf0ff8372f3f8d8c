import { numel, stridesOf } from '../../ir/shape'
import type { ConcatAttrs } from '../../ops/concat'
import type { PadAttrs } from '../../ops/pad'
import { coordinates, launch1d, literal, offset, storage, u32, wgslType } from '../wgsl/index'
import { STRIDED_VIEW_KERNELS } from './elementwise'
import { type Kernel, type KernelGen, kernel, shader } from './kernel'

/** pad: each output element reads the input where it falls inside it, else the fill value. */
const pad: KernelGen = ({ node, inputs, attrs, config }) => {
  const x = inputs[0]!
  const { pads, value } = attrs as PadAttrs
  const { workgroups, header } = launch1d(
    numel(node.shape),
    config.workgroupSize,
    config.maxWorkgroupsPerDimension,
  )
  const own = stridesOf(x.shape)
  // coordinate minus the padding before it, wrapping below zero so one comparison bounds it
  const inside = x.shape.map((d, k) => `(c${k} - ${u32(pads[k]![0])}) < ${u32(d)}`).join(' && ') || 'true'
  const at = x.shape.map((_, k) => `(c${k} - ${u32(pads[k]![0])}) * ${u32(own[k]!)}`).join(' + ') || '0u'
  const type = wgslType(node.dtype)
  const body = `${header}
  ${coordinates(node.shape, 'i', 'c')}
  if (${inside}) { out[i] = in0[${at}]; } else { out[i] = ${literal(value, node.dtype)}; }
}`
  const wgsl = shader([storage(0, 'in0', type, 'read'), storage(1, 'out', type, 'write')], body)
  return [kernel(node, wgsl, workgroups)]
}

/** concat: one dispatch per non-empty input, each writing its block of the output. */
const concat: KernelGen = ({ node, inputs, attrs, config }) => {
  const { axis } = attrs as ConcatAttrs
  const outStrides = stridesOf(node.shape)
  const type = wgslType(node.dtype)
  const kernels: Kernel[] = []
  let at = 0
  inputs.forEach((x, k) => {
    const n = numel(x.shape)
    if (n > 0) {
      const { workgroups, header } = launch1d(n, config.workgroupSize, config.maxWorkgroupsPerDimension)
      const body = `${header}
  ${coordinates(x.shape, 'i', 'c')}
  out[${offset(outStrides, 'c', at * outStrides[axis]!)}] = in0[i];
}`
      const wgsl = shader([storage(0, 'in0', type, 'read'), storage(1, 'out', type, 'write')], body)
      kernels.push(kernel(node, wgsl, workgroups, [x.id], `concat #${node.id} part ${k}`))
    }
    at += x.shape[axis]!
  })
  return kernels
}

/** Kernel generators of the view primitives (materialized), by op name. */
export const VIEW_KERNELS: Record<string, KernelGen> = {
  ...STRIDED_VIEW_KERNELS,
  pad,
  concat,
}
