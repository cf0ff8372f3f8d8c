import { formatShape } from '../../shapes/shape'
import { float, int, optionalFloat, optionalInt } from '../params'
import { notConnected } from '../rules/issues'
import { defineLayer, fail, ok } from '../types'

/** torch.nn.Embedding: a lookup table from int token ids to learned vectors. */
export const embedding = defineLayer({
  type: 'embedding',
  label: 'Embedding',
  category: 'embedding',
  doc: 'Looks up a learned vector per int token id: [N, ...] -> [N, ..., embedding_dim].',
  torch: 'torch.nn.Embedding',
  params: {
    num_embeddings: int({
      default: 1,
      min: 1,
      required: true,
      doc: 'Vocabulary size: ids run 0..num_embeddings-1.',
    }),
    embedding_dim: int({ default: 1, min: 1, required: true, doc: 'Size of each embedding vector.' }),
    padding_idx: optionalInt({
      default: null,
      doc: 'Id whose vector stays zero and gets no gradient; null (None) for none; negative counts from the end.',
    }),
    max_norm: optionalFloat({
      default: null,
      min: 0,
      doc: 'Renormalise looked-up vectors to at most this norm; null (None) for no limit.',
    }),
    norm_type: float({ default: 2, min: 0, doc: 'The p of the p-norm used with max_norm.' }),
  },
  inputs: [{ name: 'x', dtype: 'int', doc: 'Token ids (int), any shape [N, ...].' }],
  outputs: [{ name: 'out' }],
  inferShape: ({ inputs: [x], params, dtypes }) => {
    if (!x) return notConnected('x')
    if (dtypes?.[0] === 'float')
      return fail({
        port: 'x',
        message: `Embedding looks up int token ids but x ${formatShape(x)} carries floats.`,
        expected: 'int ids',
        actual: 'float',
      })
    const pad = params.padding_idx
    const n = params.num_embeddings
    if (pad !== null && (pad < -n || pad >= n))
      return fail({
        message: `padding_idx ${pad} must lie within num_embeddings (${n}): in [-${n}, ${n - 1}].`,
        expected: `[-${n}, ${n - 1}]`,
        actual: String(pad),
        fix: { kind: 'setParam', param: 'padding_idx', value: null, label: 'clear padding_idx' },
      })
    return ok([...x, params.embedding_dim])
  },
  paramCount: ({ params }) => params.num_embeddings * params.embedding_dim,
  flops: () => 0,
})
