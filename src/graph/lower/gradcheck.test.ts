import { describe, expect, it } from 'vitest'
import { drawNoise, grad, numel, Rng, runCpu, type Value } from '../../engine'
import golden from './goldens/layers.golden.json'
import { lowerDocument } from './lowerDocument'
import { caseDocument, type LayerCase } from './testing/layerCase'

/**
 * Every layer's lowering, differentiated by the engine's autodiff, against central finite
 * differences of L = sum(out · r), all in float64, with respect to the float inputs and every
 * parameter. The cases are the PyTorch golden cases (every catalogue layer, odd shapes) plus
 * training-mode dropout; a few entries of each tensor are probed to keep the suite fast.
 */

interface GradCase extends LayerCase {
  readonly state: Record<string, { shape: number[]; data: number[] }>
}

/** Cases whose analytic gradient is meant to differ from the finite difference, with the reason. */
const NOT_FINITE_DIFFERENCES: Readonly<Record<string, string>> = {
  'embedding with max_norm':
    'the renormalization runs under no_grad in PyTorch, so its gradient deliberately ignores it',
  'embedding with padding_idx': 'the padding row gets zero gradient by design (checked separately below)',
}

const EXTRA: GradCase[] = [
  {
    name: 'dropout in training',
    layer: 'dropout',
    params: { p: 0.4 },
    mode: 'train',
    inputs: [{ shape: [3, 5], data: Array.from({ length: 15 }, (_, i) => Math.sin(i + 1)) }],
    state: {},
  },
]

const CASES = [...(golden.cases as unknown as GradCase[]), ...EXTRA]
const PROBES = 4
const H = 1e-6

/** Up to PROBES entries of a tensor of n elements, spread over it. */
function probes(n: number): number[] {
  if (n <= PROBES) return Array.from({ length: n }, (_, i) => i)
  return Array.from({ length: PROBES }, (_, k) => Math.floor(((k + 0.5) * n) / PROBES))
}

function check(c: GradCase): string[] {
  const model = lowerDocument(caseDocument(c), {
    batch: c.inputs[0]!.shape[0]!,
    training: c.mode === 'train',
  })
  const g = model.graph
  const out = model.outputs.out!
  const r = g.input(out.shape, { name: 'r' })
  const loss = g.sum(g.mul(out, r))
  const floatInputs = model.inputs
    .filter((i) => i.value.dtype === 'f32')
    .map((i) => ({ name: i.name, value: i.value }))
  const wrt = [...floatInputs, ...model.params.map((p) => ({ name: p.name, value: p.value }))]
  const grads = grad(
    g,
    loss,
    wrt.map((w) => w.value),
  )
  const feeds: Record<string, Float64Array | readonly number[]> = {}
  c.inputs.forEach((t, i) => {
    feeds[`x${i}`] = t.data
  })
  for (const p of model.params)
    feeds[p.name] = Float64Array.from(c.state[p.name.slice('layer.'.length)]!.data)
  for (const b of model.buffers) feeds[b.name] = c.state[b.name.slice('layer.'.length)]!.data
  Object.assign(feeds, drawNoise(model.noise, 3, 0))
  feeds.r = Array.from(new Rng(5).normalArray(numel(out.shape)))
  const analytic = runCpu(g, feeds, { outputs: grads, precision: 'f64' })
  const lossAt = () => runCpu(g, feeds, { outputs: [loss], precision: 'f64' }).get(loss).data[0]!
  const problems: string[] = []
  wrt.forEach((w, k) => {
    const got = analytic.get(grads[k] as Value).data
    const base = Float64Array.from(feeds[w.name]!)
    feeds[w.name] = base
    for (const j of probes(base.length)) {
      const orig = base[j]!
      const h = H * Math.max(1, Math.abs(orig))
      base[j] = orig + h
      const plus = lossAt()
      base[j] = orig - h
      const minus = lossAt()
      base[j] = orig
      const numeric = (plus - minus) / (2 * h)
      if (Math.abs(got[j]! - numeric) > 1e-6 + 1e-5 * Math.abs(numeric))
        problems.push(`${w.name}[${j}]: autodiff ${got[j]} vs finite difference ${numeric}`)
    }
  })
  return problems
}

describe('every layer lowering differentiates correctly (finite differences, float64)', () => {
  for (const c of CASES) {
    const reason = NOT_FINITE_DIFFERENCES[c.name]
    if (reason) {
      it.skip(`${c.name}: ${reason}`, () => {})
      continue
    }
    it(`gives ${c.name} gradients that match finite differences`, () => {
      expect(check(c)).toEqual([])
    })
  }

  it('gives the padding row of an Embedding zero gradient and the other rows theirs', () => {
    const c = CASES.find((x) => x.name === 'embedding with padding_idx')!
    const model = lowerDocument(caseDocument(c), { batch: 3, training: true })
    const g = model.graph
    const table = model.params[0]!
    const [dw] = grad(g, g.sum(model.outputs.out!), [table.value])
    const ids = c.inputs[0]!.data
    const feeds = { x0: ids, [table.name]: c.state.weight!.data }
    const got = runCpu(g, feeds, { outputs: [dw!], precision: 'f64' }).array(dw!)
    const dim = table.shape[1]!
    const pad = table.shape[0]! - 2
    for (let row = 0; row < table.shape[0]!; row++) {
      const count = ids.filter((id) => id === row).length
      const expected = row === pad ? 0 : count
      expect(got.slice(row * dim, (row + 1) * dim)).toEqual(new Array(dim).fill(expected))
    }
    expect(ids.includes(pad)).toBe(true)
  })
})
