import { BATCH } from '../../shapes/shape'
import { choice, intList } from '../params'
import { defineLayer, fail, ok, okTyped } from '../types'

/** The model's input: a batch of samples of `shape` (batch dim excluded). */
export const input = defineLayer({
  type: 'input',
  label: 'Input',
  category: 'io',
  doc: 'A batch of samples; `shape` excludes the batch dimension N.',
  torch: '(model argument)',
  params: {
    shape: intList({
      default: [2],
      required: true,
      doc: 'Shape of one sample, batch dimension excluded, e.g. [1, 28, 28].',
    }),
    dtype: choice({
      default: 'float32',
      options: ['float32', 'int64'],
      doc: 'Element type: int64 for token ids.',
    }),
  },
  inputs: [],
  outputs: [{ name: 'out', doc: 'float, or int when dtype is int64.' }],
  inferShape: ({ params }) => {
    if (!params.shape || params.shape.length === 0 || params.shape.some((d) => d < 1))
      return fail({ message: 'Input shape must list at least one positive dimension, e.g. [784].' })
    const shape = [BATCH, ...params.shape]
    return params.dtype === 'int64' ? okTyped('int', shape) : ok(shape)
  },
  paramCount: () => 0,
  flops: () => 0,
})
