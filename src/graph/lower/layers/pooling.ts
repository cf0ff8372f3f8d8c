import { avgPool2d } from '../../layers/pooling/avgPool2d'
import { globalAvgPool } from '../../layers/pooling/globalAvgPool'
import { maxPool2d } from '../../layers/pooling/maxPool2d'
import { defineLowering, need } from '../lowering'
import { pairOf } from './convolution'

/** nn.MaxPool2d (stride None = kernel_size; ceil_mode as PyTorch drops a window in the padding). */
export const lowerMaxPool2d = defineLowering(maxPool2d, ({ g, params: p, inputs }) =>
  g.maxPool2d(need(inputs, 0, 'x'), {
    kernel_size: pairOf(p.kernel_size),
    stride: p.stride,
    padding: pairOf(p.padding),
    dilation: pairOf(p.dilation),
    ceil_mode: p.ceil_mode,
  }),
)

/** nn.AvgPool2d with count_include_pad and divisor_override. */
export const lowerAvgPool2d = defineLowering(avgPool2d, ({ g, params: p, inputs }) =>
  g.avgPool2d(need(inputs, 0, 'x'), {
    kernel_size: pairOf(p.kernel_size),
    stride: p.stride,
    padding: pairOf(p.padding),
    ceil_mode: p.ceil_mode,
    count_include_pad: p.count_include_pad,
    divisor_override: p.divisor_override,
  }),
)

/** nn.AdaptiveAvgPool2d(1): the mean over H and W, kept as [N, C, 1, 1]. */
export const lowerGlobalAvgPool = defineLowering(globalAvgPool, ({ g, inputs }) =>
  g.mean(need(inputs, 0, 'x'), [2, 3], true),
)
