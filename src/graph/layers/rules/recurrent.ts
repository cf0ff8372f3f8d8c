import { type OnnxMapping, onnxInput } from '../../onnx/mapping'
import { type Dim, formatShape, type Shape } from '../../shapes/shape'
import { bool, float, int } from '../params'
import { fail, ok, type ShapeResult } from '../types'
import { notConnected, paramMismatch, wrongRank } from './issues'

/** The params LSTM and GRU share, resolved; `proj_size` is LSTM-only (0 for GRU). */
export interface RecurrentParams {
  input_size: number
  hidden_size: number
  num_layers: number
  bias: boolean
  dropout: number
  bidirectional: boolean
  proj_size?: number
}

/** Size of each direction's output: `proj_size` when projecting, else `hidden_size`. */
function hiddenOut(p: RecurrentParams): number {
  return p.proj_size && p.proj_size > 0 ? p.proj_size : p.hidden_size
}

/**
 * Shape rule of LSTM/GRU with `batch_first=True`: `[N, T, input_size]` ->
 * `[N, T, D * H_out]`, D = 2 when bidirectional.
 */
export function recurrentShape(x: Shape | undefined, p: RecurrentParams, label: string): ShapeResult {
  if (!x) return notConnected('x')
  const layout = '[N, T, input_size]'
  if (x.length !== 3) {
    const last = x[x.length - 1]
    const fix =
      x.length === 2 && typeof last === 'number'
        ? {
            kind: 'insertLayer' as const,
            layer: 'reshape',
            params: { shape: [-1, last] },
            label: `insert Reshape to ${formatShape(['N', 'T', last])}`,
          }
        : undefined
    return wrongRank('x', label, layout, x, fix)
  }
  const f = x[2]
  if (typeof f === 'number' && f !== p.input_size)
    return paramMismatch('x', 'input_size', p.input_size, f, x, `[N, T, ${p.input_size}]`)
  if (p.proj_size !== undefined && p.proj_size >= p.hidden_size)
    return fail({
      message: `proj_size (${p.proj_size}) must be smaller than hidden_size (${p.hidden_size}).`,
      expected: `proj_size < ${p.hidden_size}`,
      actual: String(p.proj_size),
      fix: { kind: 'setParam', param: 'proj_size', value: 0, label: 'set proj_size to 0 (no projection)' },
    })
  const d = p.bidirectional ? 2 : 1
  return ok([x[0] as Dim, x[1] as Dim, d * hiddenOut(p)])
}

/**
 * PyTorch's parameter count: per layer and direction, `weight_ih` [G·H, in], `weight_hh`
 * [G·H, H_out], two biases [G·H] and, with projection, `weight_hr` [proj, H]; G = gates.
 */
export function recurrentParamCount(p: RecurrentParams, gates: number): number {
  const d = p.bidirectional ? 2 : 1
  const h = p.hidden_size
  const out = hiddenOut(p)
  let total = 0
  for (let layer = 0; layer < p.num_layers; layer++) {
    const inSize = layer === 0 ? p.input_size : d * out
    const one = gates * h * (inSize + out) + (p.bias ? 2 * gates * h : 0) + (out !== h ? out * h : 0)
    total += d * one
  }
  return total
}

/** FLOPs per sample: the gate matmuls and the elementwise cell update, per step of a known T. */
export function recurrentFlops(p: RecurrentParams, gates: number, x: Shape): number {
  const steps = typeof x[1] === 'number' ? x[1] : 1
  const d = p.bidirectional ? 2 : 1
  const h = p.hidden_size
  const out = hiddenOut(p)
  let perStep = 0
  for (let layer = 0; layer < p.num_layers; layer++) {
    const inSize = layer === 0 ? p.input_size : d * out
    perStep += d * (2 * gates * h * (inSize + out) + 4 * gates * h + (out !== h ? 2 * out * h : 0))
  }
  return steps * perStep
}

/** The params LSTM and GRU share, in PyTorch's constructor order (batch_first is always true). */
export function recurrentParamSpecs() {
  return {
    input_size: int({
      default: 1,
      min: 1,
      required: true,
      inferredFromInput: true,
      doc: 'Features per time step (last input dim).',
    }),
    hidden_size: int({ default: 1, min: 1, required: true, doc: 'Features of the hidden state h.' }),
    num_layers: int({ default: 1, min: 1, doc: 'Stacked recurrent layers.' }),
    bias: bool({ default: true, doc: 'Learn the biases b_ih and b_hh.' }),
    dropout: float({ default: 0, min: 0, max: 1, doc: 'Dropout on the outputs of each layer but the last.' }),
    bidirectional: bool({ default: false, doc: 'Also run backwards in time; doubles the output features.' }),
  }
}

/**
 * The ONNX form of a batch-first LSTM or GRU: one ONNX LSTM/GRU op per layer (both directions
 * in one), time-major in between. The weights stay PyTorch's state_dict tensors; Gathers
 * reorder their gate blocks to ONNX's order (LSTM: PyTorch i f g o -> ONNX i o f c; GRU: r z n ->
 * z r h, with linear_before_reset = 1, PyTorch's form of the new gate). Refused with proj_size,
 * which ONNX's LSTM cannot express.
 */
export function recurrentOnnx(kind: 'LSTM' | 'GRU'): OnnxMapping<ReturnType<typeof recurrentParamSpecs>> {
  const gates = kind === 'LSTM' ? 4 : 3
  const order = kind === 'LSTM' ? [0, 3, 1, 2] : [1, 0, 2]
  return {
    refuse: (params) => {
      const p: RecurrentParams = params
      return p.proj_size
        ? `ONNX's LSTM has no projection: proj_size ${p.proj_size} cannot be exported; set proj_size to 0.`
        : undefined
    },
    emit: ({ b, params, inputs }) => {
      const p: RecurrentParams = params
      const x = onnxInput(inputs, 0, 'x')
      const h = p.hidden_size
      const rows = b.ints(order.flatMap((k) => Array.from({ length: h }, (_, i) => k * h + i)))
      const reordered = (name: string, shape: number[]) =>
        b.node('Gather', [b.param(name, shape), rows], { axis: 0 })
      const stacked = (parts: string[]) => {
        const each = parts.map((t) => b.node('Unsqueeze', [t, b.ints([0])]))
        return each.length === 1 ? each[0]! : b.node('Concat', each, { axis: 0 })
      }
      const directions = p.bidirectional ? ['', '_reverse'] : ['']
      let seq = b.node('Transpose', [x.name], { perm: [1, 0, 2] })
      let inSize = x.shape[2] as number
      for (let layer = 0; layer < p.num_layers; layer++) {
        const sfx = directions.map((d) => `_l${layer}${d}`)
        const w = stacked(sfx.map((s) => reordered(`weight_ih${s}`, [gates * h, inSize])))
        const r = stacked(sfx.map((s) => reordered(`weight_hh${s}`, [gates * h, h])))
        const bias = p.bias
          ? stacked(
              sfx.map((s) =>
                b.node(
                  'Concat',
                  [reordered(`bias_ih${s}`, [gates * h]), reordered(`bias_hh${s}`, [gates * h])],
                  { axis: 0 },
                ),
              ),
            )
          : undefined
        const y = b.node(kind, bias ? [seq, w, r, bias] : [seq, w, r], {
          hidden_size: h,
          direction: p.bidirectional ? 'bidirectional' : 'forward',
          ...(kind === 'GRU' ? { linear_before_reset: 1 } : {}),
        })
        // Y [T, D, N, H] -> [T, N, D·H]: the directions side by side, as PyTorch concatenates them
        seq = b.node('Reshape', [b.node('Transpose', [y], { perm: [0, 2, 1, 3] }), b.ints([0, 0, -1])])
        inSize = directions.length * h
      }
      return b.node('Transpose', [seq], { perm: [1, 0, 2] })
    },
  }
}
