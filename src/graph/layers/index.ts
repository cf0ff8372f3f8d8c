import { gelu } from './activation/gelu'
import { leakyRelu } from './activation/leakyRelu'
import { logSoftmax } from './activation/logSoftmax'
import { relu } from './activation/relu'
import { sigmoid } from './activation/sigmoid'
import { silu } from './activation/silu'
import { softmax } from './activation/softmax'
import { tanh } from './activation/tanh'
import { multiHeadAttention } from './attention/multiHeadAttention'
import { conv1d } from './convolution/conv1d'
import { conv2d } from './convolution/conv2d'
import { convTranspose2d } from './convolution/convTranspose2d'
import { dense } from './core/dense'
import { dropout } from './core/dropout'
import { embedding } from './embedding/embedding'
import { input } from './io/input'
import { bceWithLogitsLoss } from './loss/bceWithLogitsLoss'
import { crossEntropy } from './loss/crossEntropy'
import { huberLoss } from './loss/huberLoss'
import { l1Loss } from './loss/l1Loss'
import { mseLoss } from './loss/mseLoss'
import { add } from './merge/add'
import { concat } from './merge/concat'
import { multiply } from './merge/multiply'
import { batchNorm1d } from './normalization/batchNorm1d'
import { batchNorm2d } from './normalization/batchNorm2d'
import { layerNorm } from './normalization/layerNorm'
import { avgPool2d } from './pooling/avgPool2d'
import { globalAvgPool } from './pooling/globalAvgPool'
import { maxPool2d } from './pooling/maxPool2d'
import { gru } from './recurrent/gru'
import { lstm } from './recurrent/lstm'
import { flatten } from './shape/flatten'
import { permute } from './shape/permute'
import { reshape } from './shape/reshape'
import { upsample } from './shape/upsample'
import type { LayerCategory, LayerDef } from './types'

/**
 * The layer catalogue: every layer type, listed explicitly, in palette order. Adding a layer =
 * adding its file and one line here.
 */
export const LAYERS: readonly LayerDef[] = [
  input,
  dense,
  dropout,
  conv1d,
  conv2d,
  convTranspose2d,
  maxPool2d,
  avgPool2d,
  globalAvgPool,
  batchNorm1d,
  batchNorm2d,
  layerNorm,
  flatten,
  reshape,
  permute,
  upsample,
  concat,
  add,
  multiply,
  embedding,
  lstm,
  gru,
  multiHeadAttention,
  relu,
  leakyRelu,
  gelu,
  silu,
  sigmoid,
  tanh,
  softmax,
  logSoftmax,
  crossEntropy,
  mseLoss,
  bceWithLogitsLoss,
  l1Loss,
  huberLoss,
] as unknown as readonly LayerDef[]

/** Palette sections, in the order the palette shows them. */
export const LAYER_CATEGORIES: readonly LayerCategory[] = [
  'io',
  'core',
  'convolution',
  'pooling',
  'normalization',
  'shape',
  'merge',
  'embedding',
  'recurrent',
  'attention',
  'activation',
  'loss',
]

const BY_TYPE = new Map(LAYERS.map((l) => [l.type, l]))

/** The catalogue entry for a type, or undefined for an unknown type. */
export function findLayer(type: string): LayerDef | undefined {
  return BY_TYPE.get(type)
}

/**
 * The catalogue grouped for the palette: every category of `LAYER_CATEGORIES`, in that order,
 * with its layers in catalogue order.
 */
export function layersByCategory(): ReadonlyMap<LayerCategory, readonly LayerDef[]> {
  const groups = new Map<LayerCategory, LayerDef[]>(LAYER_CATEGORIES.map((c) => [c, []]))
  for (const layer of LAYERS) groups.get(layer.category)?.push(layer)
  return groups
}
