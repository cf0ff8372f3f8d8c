import { sha256Hex } from './hash'
import type { DataFingerprint } from './manifest'

/** One array of a training set, as it was fed: features or labels. */
export interface FingerprintArray {
  readonly name: string
  readonly data: Float32Array | Int32Array
  readonly shape: readonly number[]
}

/**
 * The fingerprint of the data a model was trained on: SHA-256 over the arrays' bytes in order
 * (little-endian, C order), with each array's name, dtype and shape and the total size. Two runs
 * on the same bytes have the same fingerprint; a changed value anywhere changes it.
 *
 * @example
 * const fp = await fingerprintData('spirals', 500, [
 *   { name: 'features', data: ds.features, shape: [500, 2] },
 *   { name: 'labels', data: ds.labels.ids, shape: [500] },
 * ])
 */
export async function fingerprintData(
  name: string | undefined,
  samples: number,
  arrays: readonly FingerprintArray[],
): Promise<DataFingerprint> {
  const bytes = arrays.reduce((n, a) => n + a.data.byteLength, 0)
  const all = new Uint8Array(bytes)
  let at = 0
  for (const a of arrays) {
    all.set(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength), at)
    at += a.data.byteLength
  }
  return {
    ...(name !== undefined ? { name } : {}),
    sha256: await sha256Hex(all),
    bytes,
    samples,
    arrays: arrays.map((a) => ({
      name: a.name,
      dtype: a.data instanceof Int32Array ? 'int32' : 'float32',
      shape: [...a.shape],
    })),
  }
}
