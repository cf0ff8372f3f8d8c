import { gelu } from '../../layers/activation/gelu'
import { leakyRelu } from '../../layers/activation/leakyRelu'
import { logSoftmax } from '../../layers/activation/logSoftmax'
import { relu } from '../../layers/activation/relu'
import { sigmoid } from '../../layers/activation/sigmoid'
import { silu } from '../../layers/activation/silu'
import { softmax } from '../../layers/activation/softmax'
import { tanh } from '../../layers/activation/tanh'
import { defineLowering, need } from '../lowering'

export const lowerRelu = defineLowering(relu, ({ g, inputs }) => g.relu(need(inputs, 0, 'x')))

/** F.leaky_relu: x where x > 0, else slope·x (the gradient at 0 is the slope, as in PyTorch). */
export const lowerLeakyRelu = defineLowering(leakyRelu, ({ g, params, inputs }) => {
  const x = need(inputs, 0, 'x')
  return g.where(g.gt(x, 0), x, g.mul(x, params.negative_slope))
})

/**
 * F.gelu: exact x·Φ(x) = x/2·(1 + erf(x/√2)), or with approximate='tanh'
 * x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
 */
export const lowerGelu = defineLowering(gelu, ({ g, params, inputs }) => {
  const x = need(inputs, 0, 'x')
  const half = g.mul(x, 0.5)
  if (params.approximate === 'tanh') {
    const inner = g.mul(g.add(x, g.mul(g.mul(g.mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI))
    return g.mul(half, g.add(g.tanh(inner), 1))
  }
  return g.mul(half, g.add(g.erf(g.mul(x, Math.SQRT1_2)), 1))
})

/** F.silu: x·sigmoid(x). */
export const lowerSilu = defineLowering(silu, ({ g, inputs }) => {
  const x = need(inputs, 0, 'x')
  return g.mul(x, g.sigmoid(x))
})

export const lowerSigmoid = defineLowering(sigmoid, ({ g, inputs }) => g.sigmoid(need(inputs, 0, 'x')))

export const lowerTanh = defineLowering(tanh, ({ g, inputs }) => g.tanh(need(inputs, 0, 'x')))

export const lowerSoftmax = defineLowering(softmax, ({ g, params, inputs }) =>
  g.softmax(need(inputs, 0, 'x'), params.dim),
)

export const lowerLogSoftmax = defineLowering(logSoftmax, ({ g, params, inputs }) =>
  g.logSoftmax(need(inputs, 0, 'x'), params.dim),
)
