import { describe, expect, it } from 'vitest'
import { CustomLoop, type OptimizerConfig, Rng } from '../../engine'
import { type ModelDocument, SCHEMA_VERSION } from '../document/schema'
import { buildBlock, buildBody } from '../templates/build'
import { lowerProgram, lowerStep } from './steps'

/** A 1-D GAN: 8-d noise -> 1 number, and a discriminator of one number. */
function gan1d(): ModelDocument {
  const generator = buildBlock(
    'generator',
    ['z'],
    [{ name: 'x', node: 'out' }],
    [
      { id: 'z', type: 'input', params: { shape: [8] } },
      { id: 'fc1', type: 'dense', params: { in_features: 8, out_features: 16 }, from: ['z'] },
      { id: 'act1', type: 'relu', from: ['fc1'] },
      { id: 'out', type: 'dense', params: { in_features: 16, out_features: 1 }, from: ['act1'] },
    ],
  )
  const discriminator = buildBlock(
    'discriminator',
    ['x'],
    [{ name: 'logit', node: 'out' }],
    [
      { id: 'x', type: 'input', params: { shape: [1] } },
      { id: 'fc1', type: 'dense', params: { in_features: 1, out_features: 16 }, from: ['x'] },
      { id: 'act1', type: 'leakyRelu', params: { negative_slope: 0.2 }, from: ['fc1'] },
      { id: 'out', type: 'dense', params: { in_features: 16, out_features: 1 }, from: ['act1'] },
    ],
  )
  const blocks = [generator, discriminator]
  const body = buildBody(
    [
      { id: 'z', type: 'input', params: { shape: [8] } },
      { id: 'G', type: 'block', params: { block: 'generator' }, from: ['z'] },
      { id: 'D', type: 'block', params: { block: 'discriminator' }, from: ['G'] },
    ],
    blocks,
  )
  return {
    schemaVersion: SCHEMA_VERSION,
    name: 'gan1d',
    ...body,
    outputs: [
      { name: 'fake', node: 'G', port: 'x' },
      { name: 'score', node: 'D', port: 'logit' },
    ],
    blocks,
    metadata: {},
  }
}

const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length

const adam = (lr: number): OptimizerConfig => ({ type: 'adam', lr, betas: [0.5, 0.999] })

describe('a custom GAN loop on a 1-D GAN (data ~ N(4, 1.25))', () => {
  it("moves the generator's output mean from about 0 to within 0.5 of the data mean", () => {
    const doc = gan1d()
    const B = 64
    const loop = new CustomLoop({ seed: 0 })
    // the PyTorch DCGAN tutorial's losses: D on real (label 1) and detached fakes (label 0),
    // G's non-saturating loss through the discriminator (label 1); one Adam for each
    const stepD = loop.step(
      lowerStep(doc, {
        name: 'D',
        batch: B,
        train: ['discriminator'],
        optimizer: adam(5e-3),
        loss: (f) => {
          const fake = f.g.detach(f.call('generator', f.input('z')))
          return f.g.add(
            f.loss('bce_with_logits', f.call('discriminator', f.input('real', [1])), 1),
            f.loss('bce_with_logits', f.call('discriminator', fake), 0),
          )
        },
      }),
    )
    const stepG = loop.step(
      lowerStep(doc, {
        name: 'G',
        batch: B,
        train: ['generator'],
        optimizer: adam(5e-3),
        loss: (f) => f.loss('bce_with_logits', f.call('discriminator', f.call('generator', f.input('z'))), 1),
      }),
    )
    const sample = lowerProgram(doc, {
      batch: 1000,
      training: false,
      program: (f) => ({ x: f.call('generator', f.input('z')) }),
    })
    const sampler = loop.inference(sample.model, sample.outputs)
    const z = Rng.stream(1, 'eval').normalArray(1000 * 8)
    const generatedMean = () => mean(sampler.run({ z }).x!.data)

    const before = generatedMean()
    const data = Rng.stream(0, 'data')
    const noise = Rng.stream(0, 'noise')
    const late: number[] = []
    for (let i = 1; i <= 400; i++) {
      stepD.run({ real: data.normalArray(B, 4, 1.25), z: noise.normalArray(B * 8) })
      stepG.run({ z: noise.normalArray(B * 8) })
      if (i >= 300 && i % 25 === 0) late.push(generatedMean())
    }

    expect(Math.abs(before)).toBeLessThan(0.5)
    // settled, not passing through: every check over the last 100 steps is near 4
    for (const m of late) expect(Math.abs(m - 4)).toBeLessThan(0.5)
    expect(loop.losses.D).toHaveLength(400)
    expect(loop.losses.G!.every(Number.isFinite)).toBe(true)
  })
})
