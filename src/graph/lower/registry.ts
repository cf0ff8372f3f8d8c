import {
  lowerGelu,
  lowerLeakyRelu,
  lowerLogSoftmax,
  lowerRelu,
  lowerSigmoid,
  lowerSilu,
  lowerSoftmax,
  lowerTanh,
} from './layers/activation'
import { lowerMultiHeadAttention } from './layers/attention'
import { lowerConv1d, lowerConv2d, lowerConvTranspose2d } from './layers/convolution'
import { lowerDense, lowerDropout } from './layers/core'
import { lowerEmbedding } from './layers/embedding'
import {
  lowerBceWithLogitsLoss,
  lowerCrossEntropy,
  lowerHuberLoss,
  lowerL1Loss,
  lowerMseLoss,
} from './layers/loss'
import { lowerBatchNorm1d, lowerBatchNorm2d, lowerLayerNorm } from './layers/normalization'
import { lowerAvgPool2d, lowerGlobalAvgPool, lowerMaxPool2d } from './layers/pooling'
import { lowerGru, lowerLstm } from './layers/recurrent'
import {
  lowerAdd,
  lowerConcat,
  lowerFlatten,
  lowerMultiply,
  lowerPermute,
  lowerReshape,
} from './layers/shape'
import { lowerUpsample } from './layers/upsample'
import type { Lowering } from './lowering'

/**
 * The lowering of every catalogue layer but `input` (which `lowerDocument` turns into a graph
 * input), listed explicitly. A test checks that the catalogue and this list agree.
 */
export const LOWERINGS: readonly Lowering[] = [
  lowerDense,
  lowerDropout,
  lowerConv1d,
  lowerConv2d,
  lowerConvTranspose2d,
  lowerMaxPool2d,
  lowerAvgPool2d,
  lowerGlobalAvgPool,
  lowerBatchNorm1d,
  lowerBatchNorm2d,
  lowerLayerNorm,
  lowerFlatten,
  lowerReshape,
  lowerPermute,
  lowerUpsample,
  lowerConcat,
  lowerAdd,
  lowerMultiply,
  lowerEmbedding,
  lowerLstm,
  lowerGru,
  lowerMultiHeadAttention,
  lowerRelu,
  lowerLeakyRelu,
  lowerGelu,
  lowerSilu,
  lowerSigmoid,
  lowerTanh,
  lowerSoftmax,
  lowerLogSoftmax,
  lowerCrossEntropy,
  lowerMseLoss,
  lowerBceWithLogitsLoss,
  lowerL1Loss,
  lowerHuberLoss,
]

const BY_TYPE = new Map(LOWERINGS.map((l) => [l.type, l]))

/** The lowering of a layer type, or undefined (unknown type, or `input`). */
export function findLowering(type: string): Lowering | undefined {
  return BY_TYPE.get(type)
}
