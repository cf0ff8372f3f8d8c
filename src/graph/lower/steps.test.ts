import { describe, expect, it } from 'vitest'
import { CustomLoop, type LoopState, type OptimizerConfig, Rng } from '../../engine'
import { type ModelDocument, SCHEMA_VERSION } from '../document/schema'
import { buildBody } from '../templates/build'
import { gan } from '../templates/gan'
import { lowerProgram, lowerStep } from './steps'
import type { StepContext } from './stepsContext'

const ADAM: OptimizerConfig = { type: 'adam', lr: 2e-4, betas: [0.5, 0.999] }
const B = 8

/** The discriminator's loss on the template's own forward: fakes then reals, scored together. */
function lossD(f: StepContext) {
  const { score } = f.forward()
  const labels = f.g.concat([f.g.full([B, 1], 0), f.g.full([B, 1], 1)], 0)
  return f.loss('bce_with_logits', score!, labels)
}

/** The generator's non-saturating loss, through the discriminator. */
function lossG(f: StepContext) {
  return f.loss('bce_with_logits', f.call('discriminator', f.call('generator', f.input('noise'))), 1)
}

function ganLoop() {
  const doc = gan()
  const loop = new CustomLoop({ seed: 3 })
  const defD = lowerStep(doc, { name: 'D', batch: B, train: ['discriminator'], optimizer: ADAM, loss: lossD })
  const defG = lowerStep(doc, { name: 'G', batch: B, train: ['generator'], optimizer: ADAM, loss: lossG })
  return { doc, loop, defD, defG, stepD: loop.step(defD), stepG: loop.step(defG) }
}

function batches(seed: number) {
  const rng = Rng.stream(seed, 'batches')
  return {
    real: () => rng.uniformArray(B * 784),
    noise: () => rng.normalArray(B * 16),
  }
}

/** Names of the parameters whose values differ between two loop states, sorted. */
function changed(before: LoopState, after: LoopState): string[] {
  return Object.keys(after.params)
    .filter((name) => {
      const a = before.params[name]!
      const b = after.params[name]!
      return a.some((v, i) => v !== b[i])
    })
    .sort()
}

describe('custom-loop steps of the GAN template', () => {
  it('compiles a discriminator step and a generator step that run with finite, changing losses', () => {
    const { stepD, stepG, defD, defG } = ganLoop()
    expect(defD.inputs.map((i) => i.name).sort()).toEqual(['noise', 'real'])
    expect(defG.inputs.map((i) => i.name)).toEqual(['noise'])
    const next = batches(0)
    const losses: number[] = []
    for (let i = 0; i < 3; i++) {
      losses.push(stepD.run({ noise: next.noise(), real: next.real() }).loss)
      losses.push(stepG.run({ noise: next.noise() }).loss)
    }
    expect(losses.every(Number.isFinite)).toBe(true)
    expect(new Set(losses).size).toBe(losses.length)
    // BCE of near-zero logits at the start: about log 2
    expect(losses[0]).toBeGreaterThan(0.5)
    expect(losses[0]).toBeLessThan(0.9)
  })

  it('trains the parameters under the module path of each block instance', () => {
    const { defD, defG, stepD, stepG } = ganLoop()
    expect(defD.train).toEqual(['score.fc1.weight', 'score.fc1.bias', 'score.fc2.weight', 'score.fc2.bias'])
    expect(defG.train).toEqual(['fake.fc1.weight', 'fake.fc1.bias', 'fake.fc2.weight', 'fake.fc2.bias'])
    expect(stepD.compiled.frozen.map((p) => p.name)).toEqual(defG.train)
    expect(stepG.compiled.frozen.map((p) => p.name)).toEqual(defD.train)
  })

  it("never changes the generator's parameters in stepD nor the discriminator's in stepG", () => {
    const { loop, stepD, stepG } = ganLoop()
    const next = batches(1)
    const discriminator = ['score.fc1.bias', 'score.fc1.weight', 'score.fc2.bias', 'score.fc2.weight']
    const generator = ['fake.fc1.bias', 'fake.fc1.weight', 'fake.fc2.bias', 'fake.fc2.weight']
    for (let i = 0; i < 2; i++) {
      const before = loop.state
      stepD.run({ noise: next.noise(), real: next.real() })
      expect(changed(before, loop.state)).toEqual(discriminator)
      const mid = loop.state
      stepG.run({ noise: next.noise() })
      expect(changed(mid, loop.state)).toEqual(generator)
    }
    expect(Object.keys(loop.state.optimizers).sort()).toEqual(['D', 'G'])
    expect(loop.state.optimizers.D!.step).toBe(2)
  })

  it('reads in stepG the discriminator weights stepD just wrote', () => {
    const { doc, loop, stepD, stepG } = ganLoop()
    const next = batches(2)
    stepD.run({ noise: next.noise(), real: next.real() })
    // the same loss as a forward-only program, on the loop's current weights
    const probe = lowerProgram(doc, { batch: B, training: false, program: (f) => ({ loss: lossG(f) }) })
    const noise = next.noise()
    const expected = loop.inference(probe.model, probe.outputs).run({ noise }).loss!.data[0]!
    expect(stepG.run({ noise }).loss).toBeCloseTo(expected, 6)
  })

  it('reads one set of parameters however often a step calls a module', () => {
    const doc = gan()
    const def = lowerStep(doc, {
      name: 'D',
      batch: B,
      train: ['score'],
      optimizer: ADAM,
      loss: (f) => {
        const fake = f.g.detach(f.call('fake', f.input('noise')))
        return f.g.add(
          f.loss('bce_with_logits', f.call('score', f.input('real')), 1),
          f.loss('bce_with_logits', f.call('score', fake), 0),
        )
      },
    })
    const names = def.model.params.map((p) => p.name)
    expect(names.filter((n) => n.startsWith('score.'))).toHaveLength(4)
    expect(new Set(names).size).toBe(names.length)
  })
})

describe('lowerStep', () => {
  it('runs a module called twice in one step through BatchNorm twice, as PyTorch does', () => {
    const doc: ModelDocument = {
      schemaVersion: SCHEMA_VERSION,
      name: 'bn',
      ...buildBody([
        { id: 'x', type: 'input', params: { shape: [2] } },
        { id: 'bn', type: 'batchNorm1d', params: { num_features: 2 }, from: ['x'] },
      ]),
      outputs: [{ name: 'y', node: 'bn', port: 'out' }],
      blocks: [],
      metadata: {},
    }
    const def = lowerStep(doc, {
      name: 'twice',
      batch: 2,
      optimizer: { type: 'sgd', lr: 0.1 },
      loss: (f) => f.g.sum(f.g.add(f.call('bn', f.input('a', [2])), f.call('bn', f.input('b', [2])))),
    })
    const loop = new CustomLoop()
    loop.step(def).run({ a: [1, 2, 3, 4], b: [10, 20, 30, 40] })
    // running_mean = 0.9·(0.9·0 + 0.1·mean(a)) + 0.1·mean(b), per feature
    const rm = Array.from(loop.state.buffers['bn.running_mean']!)
    expect(rm[0]).toBeCloseTo(0.9 * 0.1 * 2 + 0.1 * 20, 5)
    expect(rm[1]).toBeCloseTo(0.9 * 0.1 * 3 + 0.1 * 30, 5)
    expect(Array.from(loop.state.buffers['bn.num_batches_tracked']!)).toEqual([2])
  })

  it('names the parameters a train entry could have meant when it selects none', () => {
    expect(() =>
      lowerStep(gan(), { name: 'G', batch: B, train: ['encoder'], optimizer: ADAM, loss: lossG }),
    ).toThrow(/trains encoder, but none of its parameters.*fake\.fc1\.weight/)
  })

  it('says how many inputs a module takes and which modules exist', () => {
    const call = (program: (f: StepContext) => unknown) =>
      lowerStep(gan(), {
        name: 'x',
        batch: B,
        optimizer: ADAM,
        loss: (f) => {
          program(f)
          return lossG(f)
        },
      })
    expect(() => call((f) => f.call('score'))).toThrow(/score takes 1 input\(s\) \(image\), got 0/)
    expect(() => call((f) => f.call('critic', f.input('real')))).toThrow(
      /no module critic \(modules: fake, batch, score, generator, discriminator\)/,
    )
    expect(() => call((f) => f.call('noise'))).toThrow(/noise is an input, not a module/)
    expect(() => call((f) => f.call('batch', f.input('real')))).toThrow(
      /batch takes 2 input\(s\) \(in0, in1\), got 1/,
    )
  })

  it('calls a layer node of the main graph, a variadic one with any number of inputs', () => {
    const def = lowerStep(gan(), {
      name: 'cat',
      batch: B,
      train: ['score'],
      optimizer: ADAM,
      loss: (f) => {
        const real = f.input('real')
        const all = f.call('batch', real, real, real)
        expect(all.shape).toEqual([3 * B, 784])
        return f.g.mean(f.call('score', all))
      },
    })
    expect(def.inputs.map((i) => i.name)).toEqual(['real'])
  })
})
