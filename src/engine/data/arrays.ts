import { DataError } from '../io/dataError'
import { type HostArray, toFloat32, toInt32 } from '../io/hostArray'
import { classLabels, createDataset, type Dataset } from './dataset'

/** How two arrays (`--x x.npy --y y.npy`) become a dataset. */
export interface ArrayDatasetOptions {
  /** Names used in messages and as the dataset's name. Defaults `x`, `y`. */
  readonly xName?: string
  readonly yName?: string
  /**
   * `auto` (default): a 1-D integer y (int32, int64, uint8) is class ids, anything else float
   * targets. `classes` / `targets` force one reading.
   */
  readonly labelKind?: 'auto' | 'classes' | 'targets'
}

/**
 * A dataset from an inputs array `[n, ...sampleShape]` (any dtype, converted to float32; a 1-D
 * x is n samples of one feature) and a labels array `[n]` or `[n, ...targetShape]`. A length
 * mismatch is one line naming both (`x.npy has 100 samples but y.npy has 99: ...`).
 */
export function datasetFromArrays(x: HostArray, y: HostArray, options: ArrayDatasetOptions = {}): Dataset {
  const xName = options.xName ?? 'x'
  const yName = options.yName ?? 'y'
  if (x.shape.length === 0) throw new DataError(`${xName}: a scalar is not a dataset (expected [n, ...])`)
  if (y.shape.length === 0) throw new DataError(`${yName}: a scalar is not a set of labels (expected [n])`)
  const xn = x.shape[0]!
  const yn = y.shape[0]!
  if (xn !== yn)
    throw new DataError(`${xName} has ${xn} samples but ${yName} has ${yn}: they must have the same length`)
  const integer = y.dtype === 'int32' || y.dtype === 'int64' || y.dtype === 'uint8'
  const kind = options.labelKind ?? 'auto'
  const asClasses = kind === 'classes' || (kind === 'auto' && integer && y.shape.length === 1)
  if (asClasses && y.shape.length !== 1)
    throw new DataError(`${yName}: class labels must be 1-D [n], got [${y.shape.join(', ')}]`)
  const labels = asClasses
    ? classLabels(toInt32(y, yName), undefined, yName)
    : ({
        kind: 'targets',
        values: toFloat32(y),
        shape: y.shape.length === 1 ? [1] : y.shape.slice(1),
      } as const)
  return createDataset({
    name: xName,
    features: toFloat32(x),
    sampleShape: x.shape.length === 1 ? [1] : x.shape.slice(1),
    labels,
    xName,
    yName,
  })
}
