import { checkShape } from '../ir/shape'
import type { DType, TensorType } from '../ir/value'
import type { CpuTensor } from './opDef'

/** Attributes of the ops that start a graph: their shape and dtype. */
export interface SourceAttrs {
  readonly shape: readonly number[]
  readonly dtype: DType
}

/** Shape rule of sources: the declared type, after checking the shape. */
export function sourceType(_inputs: readonly TensorType[], { shape, dtype }: SourceAttrs): TensorType {
  checkShape(shape)
  return { shape, dtype }
}

/** Kernel of fed sources: never called, since interpreters take their values from the feeds. */
export function fedByCaller(
  op: string,
): (inputs: readonly CpuTensor[], attrs: unknown, out: CpuTensor) => void {
  return () => {
    throw new Error(`${op} values are fed by the caller, not computed.`)
  }
}
