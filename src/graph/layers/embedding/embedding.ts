import { onnxInput } from '../../onnx/mapping'
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
  // eval: a Gather; max_norm renormalizes each row read (the rows' norms are the table rows')
  onnx: {
    refuse: (p) =>
      p.max_norm !== null && p.norm_type <= 0
        ? `max_norm with norm_type ${p.norm_type} has no ONNX form; use a positive norm_type.`
        : undefined,
    emit: ({ b, params: p, inputs }) => {
      const ids = onnxInput(inputs, 0, 'x').name
      const rows = b.node('Gather', [b.param('weight', [p.num_embeddings, p.embedding_dim]), ids], {
        axis: 0,
      })
      if (p.max_norm === null) return rows
      const c = (v: number) => b.floats([v], [])
      const q = p.norm_type
      const norms =
        q === 2
          ? b.node('ReduceL2', [rows], { axes: [-1], keepdims: 1 })
          : q === 1
            ? b.node('ReduceL1', [rows], { axes: [-1], keepdims: 1 })
            : b.node('Pow', [
                b.node('ReduceSum', [b.node('Pow', [b.node('Abs', [rows]), c(q)]), b.ints([-1])], {
                  keepdims: 1,
                }),
                c(1 / q),
              ])
      const over = b.node('Greater', [norms, c(p.max_norm)])
      const scale = b.node('Where', [
        over,
        b.node('Div', [c(p.max_norm), b.node('Add', [norms, c(1e-7)])]),
        c(1),
      ])
      return b.node('Mul', [rows, scale])
    },
  },
})
