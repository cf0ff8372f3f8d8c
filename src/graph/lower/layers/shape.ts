import { add } from '../../layers/merge/add'
import { concat } from '../../layers/merge/concat'
import { multiply } from '../../layers/merge/multiply'
import { flatten } from '../../layers/shape/flatten'
import { permute } from '../../layers/shape/permute'
import { reshape } from '../../layers/shape/reshape'
import { defineLowering, need } from '../lowering'

/** torch.flatten(x, start_dim, end_dim), the batch dim counted. */
export const lowerFlatten = defineLowering(flatten, ({ g, params, inputs }) =>
  g.flatten(need(inputs, 0, 'x'), params.start_dim, params.end_dim),
)

/** x.reshape(N, *shape): the batch dim stays. */
export const lowerReshape = defineLowering(reshape, ({ g, params, inputs }) => {
  const x = need(inputs, 0, 'x')
  return g.reshape(x, [x.shape[0]!, ...(params.shape ?? [-1])])
})

/** x.permute(*dims), the batch dim counted. */
export const lowerPermute = defineLowering(permute, ({ g, params, inputs }) =>
  g.permute(need(inputs, 0, 'x'), params.dims ?? []),
)

/** torch.cat(inputs, dim). */
export const lowerConcat = defineLowering(concat, ({ g, params, inputs }) => g.concat(inputs, params.dim))

/** in0 + in1 + ..., left to right, broadcasting. */
export const lowerAdd = defineLowering(add, ({ g, inputs }) =>
  inputs.slice(1).reduce((sum, x) => g.add(sum, x), need(inputs, 0, 'in0')),
)

/** in0 * in1 * ..., left to right, broadcasting. */
export const lowerMultiply = defineLowering(multiply, ({ g, inputs }) =>
  inputs.slice(1).reduce((prod, x) => g.mul(prod, x), need(inputs, 0, 'in0')),
)
