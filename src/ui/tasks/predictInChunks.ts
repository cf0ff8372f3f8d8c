/** The engine's `predict` (the run controller's): `rows` row-major samples in, the first output back. */
export type PredictFn = (
  input: Float32Array,
  rows: number,
) => Promise<{ readonly output: Float32Array; readonly shape: readonly number[] }>

/** Predictions of many rows: `rows * width` values. */
export interface Predictions {
  readonly output: Float32Array
  readonly rows: number
  /** Values per row of the model's output (logits per class, or targets). */
  readonly width: number
}

/**
 * Predicts `rows` samples of `rowSize` values in requests of `chunk` rows, so the worker trains
 * between them instead of stalling on one large forward pass. The last chunk is padded with
 * zeros to `chunk` rows: the worker compiles one graph per batch size, and one size is enough.
 */
export async function predictInChunks(
  predict: PredictFn,
  input: Float32Array,
  rows: number,
  rowSize: number,
  chunk: number,
): Promise<Predictions> {
  if (input.length !== rows * rowSize)
    throw new Error(`predictInChunks: ${input.length} values are not ${rows} rows of ${rowSize}`)
  let output: Float32Array | null = null
  let width = 0
  for (let start = 0; start < rows; start += chunk) {
    const count = Math.min(chunk, rows - start)
    const batch = new Float32Array(chunk * rowSize)
    batch.set(input.subarray(start * rowSize, (start + count) * rowSize))
    const answer = await predict(batch, chunk)
    if (!output) {
      width = answer.shape.slice(1).reduce((a, b) => a * b, 1)
      output = new Float32Array(rows * width)
    }
    output.set(answer.output.subarray(0, count * width), start * width)
  }
  return { output: output ?? new Float32Array(0), rows, width }
}
