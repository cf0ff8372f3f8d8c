import { describe, expect, it } from 'vitest'
import { mlpSpirals } from '../../graph/templates/mlpSpirals'
import { endsEpoch, loadBuiltinDataset, planRun, stepFeeds, stepPosition } from './runPlan'

const doc = mlpSpirals()
const load = (name: string) => loadBuiltinDataset(name)

describe('planRun', () => {
  it('splits validation, batches with the document setup and counts the steps of every epoch', async () => {
    const plan = await planRun(doc, { backend: 'cpu', epochs: 3 }, load)
    expect(plan.train.size + plan.validation!.size).toBe(plan.dataset.size)
    expect(plan.validation!.size).toBe(Math.ceil(0.2 * plan.dataset.size))
    expect(plan.loader.batchSize).toBe(32)
    expect(plan.totalSteps).toBe(3 * plan.loader.length)
    expect(plan.epochs).toBe(3)
  })

  it('addresses step s as batch (epoch, k) of the DataLoader, so a resumed run sees the same batches', async () => {
    const plan = await planRun(doc, { backend: 'cpu', steps: 40 }, load)
    const n = plan.loader.length
    const s = n + 2
    expect(stepPosition(plan, s)).toEqual({ epoch: 1, batch: 2 })
    expect(stepFeeds(plan, s).point).toEqual(plan.loader.batch(1, 2).x)
    expect(endsEpoch(plan, n)).toBe(true)
    expect(endsEpoch(plan, n + 1)).toBe(false)
    expect(endsEpoch(plan, 40)).toBe(true) // the run's last step ends its partial epoch
  })

  it('takes the options over the document: dataset, batch size, lr, steps', async () => {
    const plan = await planRun(
      doc,
      { backend: 'cpu', dataset: 'moons', batchSize: 8, lr: 0.5, steps: 7 },
      load,
    )
    expect(plan.dataset.name).toBe('moons')
    expect(plan.loader.batchSize).toBe(8)
    expect(plan.lr).toBe(0.5)
    expect(plan.totalSteps).toBe(7)
  })

  it('refuses data that does not fit the model with the fix', async () => {
    await expect(planRun(doc, { backend: 'cpu', dataset: 'iris' }, load)).rejects.toThrow(
      /4 features .*\[2\]|Input shape/,
    )
  })

  it('refuses MNIST without a source of its files, and an unknown dataset listing the known ones', async () => {
    await expect(loadBuiltinDataset('mnist')).rejects.toThrow(/no source for its files/)
    await expect(loadBuiltinDataset('cifar')).rejects.toThrow(/unknown dataset 'cifar' \(known: spirals/)
  })

  it('trains on uploaded data instead of a built-in dataset, checked again in the worker', async () => {
    const features = Float32Array.from({ length: 40 }, (_, i) => (i % 7) / 7)
    const ids = Int32Array.from({ length: 20 }, (_, i) => i % 2)
    const data = {
      name: 'points.csv',
      size: 20,
      features,
      sampleShape: [2],
      labels: { kind: 'classes', ids, numClasses: 2 },
    } as const
    const loadNothing = (name: string) => Promise.reject(new Error(`loaded ${name}`))
    const plan = await planRun(doc, { backend: 'cpu', data, steps: 3 }, loadNothing)
    expect(plan.dataset.name).toBe('points.csv')
    expect(plan.train.size + plan.validation!.size).toBe(20)
    const broken = { ...data, features: features.subarray(0, 39) }
    await expect(planRun(doc, { backend: 'cpu', data: broken }, loadNothing)).rejects.toThrow(/39 values/)
  })
})
