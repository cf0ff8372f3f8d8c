import { type GraphBuilder, symmetricUniform, type Value } from '../../../engine'
import { gru } from '../../layers/recurrent/gru'
import { lstm } from '../../layers/recurrent/lstm'
import type { RecurrentParams } from '../../layers/rules/recurrent'
import type { NodeContext } from '../lowerContext'
import { defineLowering, need } from '../lowering'
import { project } from './core'

/** One direction's weights of one layer, named as in PyTorch (`weight_ih_l0_reverse`). */
interface CellWeights {
  wih: Value
  whh: Value
  bih?: Value
  bhh?: Value
  whr?: Value
}

/** What a cell computes per step from its input gates x·W_ihᵀ + b_ih (precomputed for all steps). */
type Cell = (g: GraphBuilder, gi: Value, state: CellState, w: CellWeights) => CellState

interface CellState {
  h?: Value
  c?: Value
}

/** The gate block `k` (of size `size`) of [N, G·size]. */
function gate(g: GraphBuilder, x: Value, k: number, size: number): Value {
  return g.narrow(x, 1, k * size, size)
}

/** h·W_hhᵀ + b_hh, with h = 0 (the first step) giving b_hh alone. */
function hidden(g: GraphBuilder, h: Value | undefined, w: CellWeights, rows: number): Value | undefined {
  if (!h) return w.bhh ? g.expand(w.bhh, [rows, w.bhh.shape[0]!]) : undefined
  return project(g, h, w.whh, w.bhh)
}

/** LSTM cell, PyTorch gate order i, f, g, o; h = o·tanh(c), projected by W_hr when proj_size > 0. */
function lstmCell(hiddenSize: number): Cell {
  return (g, gi, { h, c }, w) => {
    const gh = hidden(g, h, w, gi.shape[0]!)
    const gates = gh ? g.add(gi, gh) : gi
    const i = g.sigmoid(gate(g, gates, 0, hiddenSize))
    const f = g.sigmoid(gate(g, gates, 1, hiddenSize))
    const cand = g.tanh(gate(g, gates, 2, hiddenSize))
    const o = g.sigmoid(gate(g, gates, 3, hiddenSize))
    const next = c ? g.add(g.mul(f, c), g.mul(i, cand)) : g.mul(i, cand)
    const out = g.mul(o, g.tanh(next))
    return { h: w.whr ? project(g, out, w.whr) : out, c: next }
  }
}

/** GRU cell, PyTorch gate order r, z, n with b_hn inside r·(...): n = tanh(i_n + r·(W_hn h + b_hn)). */
function gruCell(hiddenSize: number): Cell {
  return (g, gi, { h }, w) => {
    const gh = hidden(g, h, w, gi.shape[0]!)
    const part = (x: Value | undefined, k: number) => (x ? gate(g, x, k, hiddenSize) : undefined)
    const plus = (a: Value, b: Value | undefined) => (b ? g.add(a, b) : a)
    const r = g.sigmoid(plus(gate(g, gi, 0, hiddenSize), part(gh, 0)))
    const z = g.sigmoid(plus(gate(g, gi, 1, hiddenSize), part(gh, 1)))
    const hn = part(gh, 2)
    const n = g.tanh(plus(gate(g, gi, 2, hiddenSize), hn ? g.mul(r, hn) : undefined))
    // h' = (1 - z)·n + z·h
    const next = g.mul(g.sub(1, z), n)
    return { h: h ? g.add(next, g.mul(z, h)) : next }
  }
}

/**
 * An LSTM or GRU (batch_first) unrolled over the sequence: per layer and direction, the input
 * gates of every step in one matmul, then the cell step by step (the reverse direction from the
 * last step), the directions' outputs concatenated on the features, dropout between layers in
 * training. Initial states are zero. Every weight ~ U(±1/sqrt(hidden_size)), PyTorch's default.
 */
function recurrent(ctx: NodeContext, x: Value, p: RecurrentParams, gates: number, cell: Cell): Value {
  const g = ctx.g
  const h = p.hidden_size
  const proj = p.proj_size ?? 0
  const out = proj > 0 ? proj : h
  const directions = p.bidirectional ? 2 : 1
  const init = symmetricUniform(1 / Math.sqrt(h))
  const [n, steps] = x.shape as [number, number]
  let seq = x
  for (let layer = 0; layer < p.num_layers; layer++) {
    const inSize = seq.shape[2]!
    const outputs: Value[] = []
    for (let dir = 0; dir < directions; dir++) {
      const sfx = `_l${layer}${dir === 1 ? '_reverse' : ''}`
      const w: CellWeights = {
        wih: ctx.param(`weight_ih${sfx}`, [gates * h, inSize], init),
        whh: ctx.param(`weight_hh${sfx}`, [gates * h, out], init),
      }
      if (p.bias) {
        w.bih = ctx.param(`bias_ih${sfx}`, [gates * h], init)
        w.bhh = ctx.param(`bias_hh${sfx}`, [gates * h], init)
      }
      if (proj > 0) w.whr = ctx.param(`weight_hr${sfx}`, [proj, h], init)
      const gi = project(g, seq, w.wih, w.bih)
      const hs: Value[] = new Array<Value>(steps)
      let state: CellState = {}
      for (let s = 0; s < steps; s++) {
        const t = dir === 0 ? s : steps - 1 - s
        state = cell(g, g.reshape(g.narrow(gi, 1, t, 1), [n, gates * h]), state, w)
        hs[t] = g.reshape(state.h!, [n, 1, out])
      }
      outputs.push(steps === 1 ? hs[0]! : g.concat(hs, 1))
    }
    seq = directions === 1 ? outputs[0]! : g.concat(outputs, 2)
    if (layer < p.num_layers - 1) seq = ctx.dropout(seq, p.dropout, `dropout_l${layer}`)
  }
  return seq
}

export const lowerLstm = defineLowering(lstm, ({ ctx, params, inputs }) =>
  recurrent(ctx, need(inputs, 0, 'x'), params, 4, lstmCell(params.hidden_size)),
)

export const lowerGru = defineLowering(gru, ({ ctx, params, inputs }) =>
  recurrent(ctx, need(inputs, 0, 'x'), { ...params, proj_size: 0 }, 3, gruCell(params.hidden_size)),
)
