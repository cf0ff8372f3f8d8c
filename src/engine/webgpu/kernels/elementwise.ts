import type { KernelArgs, KernelGen } from './kernel'
import { mapKernel } from './map'
import { BINARY, broadcastOperand, MAP_SPECS, UNARY } from './mapSpec'

export { broadcastOperand }

/** A map op's standalone kernel: one thread per output element, computing its `MapSpec`. */
function mapped({ node, inputs, config }: KernelArgs) {
  const spec = MAP_SPECS[node.op]!(node, inputs)
  return [mapKernel(node, spec.operands, spec.expr, config)]
}

/** Kernel generators of the elementwise primitives (unary, binary, where, cast), by op name. */
export const ELEMENTWISE_KERNELS: Record<string, KernelGen> = Object.fromEntries(
  [...Object.keys(UNARY), ...Object.keys(BINARY), 'where', 'cast'].map((op) => [op, mapped]),
)

/** Kernel generators of the views that are a strided read (permute, slice, expand), by op name. */
export const STRIDED_VIEW_KERNELS: Record<string, KernelGen> = {
  permute: mapped,
  slice: mapped,
  expand: mapped,
}
