import type { Value } from '../../ir/value'
import { coordinates, helpersIn, isContiguous, launch1d, offset, storage, wgslType } from '../wgsl/index'
import { type Kernel, type KernelConfig, kernel, shader } from './kernel'

/** How a map kernel reads one operand: element strides over the output's coordinates, plus a base. */
export interface MapOperand {
  readonly value: Value
  readonly strides: readonly number[]
  readonly base?: number
}

/** The operand names a map expression sees, in operand order. */
export const OPERAND_NAMES = ['a', 'b', 'c', 'd'] as const

/**
 * A kernel with one thread per output element that reads each operand at a strided offset of the
 * output's coordinates (broadcasting, permute, slice, expand are all this) and writes `expr`, in
 * which the operands are named a, b, c, d. Operands that are one value share one binding.
 */
export function mapKernel(
  node: Value,
  operands: readonly MapOperand[],
  expr: string,
  config: KernelConfig,
  label?: string,
): Kernel {
  const shape = node.shape
  const count = shape.reduce((p, d) => p * d, 1)
  const { workgroups, header } = launch1d(count, config.workgroupSize, config.maxWorkgroupsPerDimension)
  const values: Value[] = []
  for (const o of operands) if (!values.some((v) => v.id === o.value.id)) values.push(o.value)
  const declarations = values.map((v, k) => storage(k, `in${k}`, wgslType(v.dtype), 'read'))
  declarations.push(storage(values.length, 'out', wgslType(node.dtype), 'write'))
  const plain = (o: MapOperand) =>
    (o.base ?? 0) === 0 && o.value.shape.length === shape.length && isContiguous(shape, o.strides)
  const needCoords = operands.some((o) => !plain(o))
  const reads = operands.map((o, k) => {
    const slot = values.findIndex((v) => v.id === o.value.id)
    const at = plain(o) ? 'i' : offset(o.strides, 'c', o.base ?? 0)
    return `let ${OPERAND_NAMES[k]} = in${slot}[${at}];`
  })
  const body = `${header}
  ${needCoords ? coordinates(shape, 'i', 'c') : ''}
  ${reads.join('\n  ')}
  out[i] = ${expr};
}`
  return kernel(
    node,
    shader(declarations, body, helpersIn(expr)),
    workgroups,
    values.map((v) => v.id),
    label,
  )
}
