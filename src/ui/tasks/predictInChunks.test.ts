import { describe, expect, it } from 'vitest'
import { predictHeldOut } from './heldOutPredictions'
import { type PredictFn, predictInChunks } from './predictInChunks'
import type { TaskData } from './taskData'

/** A fake worker: output row = [sum of the row, -sum], recording the batch sizes asked for. */
function fakePredict(rowSize: number, batches: number[]): PredictFn {
  return async (input, rows) => {
    batches.push(rows)
    const output = new Float32Array(rows * 2)
    for (let r = 0; r < rows; r++) {
      let s = 0
      for (let k = 0; k < rowSize; k++) s += input[r * rowSize + k]!
      output[2 * r] = s
      output[2 * r + 1] = -s
    }
    return { output, shape: [rows, 2] }
  }
}

describe('predicting many rows', () => {
  it('asks in chunks of one size (the last one padded) and puts the answers back in order', async () => {
    const batches: number[] = []
    const input = Float32Array.from({ length: 7 * 3 }, (_, i) => Math.floor(i / 3))
    const { output, width, rows } = await predictInChunks(fakePredict(3, batches), input, 7, 3, 3)
    expect(batches).toEqual([3, 3, 3])
    expect(width).toBe(2)
    expect(rows).toBe(7)
    expect(Array.from(output.filter((_, i) => i % 2 === 0))).toEqual([0, 3, 6, 9, 12, 15, 18])
  })

  it('refuses an input that is not whole rows', async () => {
    await expect(predictInChunks(fakePredict(3, []), new Float32Array(5), 2, 3, 2)).rejects.toThrow(
      /not 2 rows of 3/,
    )
  })

  it('reads held-out classes and confidences off the outputs', async () => {
    const task: TaskData = {
      kind: 'plane',
      name: 'toy',
      sampleShape: [2],
      numClasses: 2,
      heldOut: { size: 2, features: Float32Array.from([1, 1, -1, -2]), ids: Int32Array.from([0, 0]) },
      featureMeans: [],
    }
    const result = await predictHeldOut(fakePredict(2, []), task, 7)
    expect(result.step).toBe(7)
    expect(Array.from(result.predicted!)).toEqual([0, 1])
    expect(result.confidence![0]).toBeCloseTo(1 / (1 + Math.exp(-4)))
  })
})
