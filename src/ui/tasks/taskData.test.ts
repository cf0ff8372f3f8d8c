import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MNIST_FILES, type MnistFiles } from '../../engine/data/mnist'
import { cnnMnist } from '../../graph/templates/cnnMnist'
import { mlpSpirals } from '../../graph/templates/mlpSpirals'
import { loadBuiltinDataset, planRun } from '../../workers/engine/runPlan'
import { dataSetupOf } from './compiledSetup'
import { loadTaskData, taskKind } from './taskData'

const mnistFiles = async (): Promise<MnistFiles> => ({
  images: new Uint8Array(readFileSync(`data/generated/${MNIST_FILES.images}`)),
  labels: new Uint8Array(readFileSync(`data/generated/${MNIST_FILES.labels}`)),
})

describe('the task views’ data', () => {
  it('holds out exactly the rows the engine worker validates spirals on, and draws its training rows', async () => {
    const doc = mlpSpirals()
    const plan = await planRun(doc, { backend: 'cpu' }, (name) => loadBuiltinDataset(name))
    const task = await loadTaskData(dataSetupOf(doc)!)
    expect(task.kind).toBe('plane')
    expect(task.heldOut.size).toBe(plan.validation!.size)
    expect(task.heldOut.features).toEqual(plan.validation!.features)
    expect(task.heldOut.ids).toEqual(
      plan.validation!.labels.kind === 'classes' ? plan.validation!.labels.ids : null,
    )
    expect(task.train!.xy).toEqual(plan.train.features)
    expect(task.numClasses).toBe(2)
  })

  it('holds out the worker’s MNIST validation images without converting the whole set', async () => {
    const doc = cnnMnist()
    const plan = await planRun(doc, { backend: 'cpu' }, (name) =>
      loadBuiltinDataset(name, { mnist: mnistFiles }),
    )
    const task = await loadTaskData(dataSetupOf(doc)!, { mnist: mnistFiles })
    expect(task.kind).toBe('images')
    expect(task.sampleShape).toEqual([1, 28, 28])
    expect(task.heldOut.size).toBe(plan.validation!.size)
    // element by element: toEqual on 784,000 floats is slow
    const want = plan.validation!.features
    let differing = 0
    for (let i = 0; i < want.length; i++) if (task.heldOut.features[i] !== want[i]) differing++
    expect(task.heldOut.features.length).toBe(want.length)
    expect(differing).toBe(0)
    expect(task.heldOut.ids).toEqual(
      plan.validation!.labels.kind === 'classes' ? plan.validation!.labels.ids : null,
    )
  }, 30_000)

  it('shows tabular data (iris) as a table with its feature names and training means', async () => {
    const task = await loadTaskData({ dataset: 'iris', validationSplit: 0.2, seed: 0 })
    expect(task.kind).toBe('table')
    expect(task.featureNames).toHaveLength(4)
    expect(task.featureMeans).toHaveLength(4)
    expect(task.featureMeans[0]).toBeGreaterThan(5)
    expect(task.featureMeans[0]).toBeLessThan(6.5)
    expect(task.heldOut.size).toBe(30)
  })

  it('holds out every row when the run has no validation split', async () => {
    const task = await loadTaskData({ dataset: 'moons', validationSplit: 0, seed: 0 })
    expect(task.heldOut.size).toBe(task.train!.ids!.length)
  })

  it('names the dataset it does not know, with the fix', async () => {
    await expect(loadTaskData({ dataset: 'cats.csv', validationSplit: 0, seed: 0 })).rejects.toThrow(
      /"cats.csv".*data panel/,
    )
  })

  it('picks views by sample shape: a boundary for 2-D classes only', () => {
    expect(taskKind([2], true)).toBe('plane')
    expect(taskKind([2], false)).toBe('table')
    expect(taskKind([1, 28, 28], true)).toBe('images')
    expect(taskKind([4], true)).toBe('table')
  })
})
