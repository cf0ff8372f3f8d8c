import { DataError } from '../io/dataError'
import { createDataset, type Dataset } from './dataset'
import { readIdx } from './idx'

/** The two IDX files of an MNIST split, as bytes. */
export interface MnistFiles {
  /** `[n, 28, 28]` uint8 pixels, 0 (background) to 255 (ink). */
  readonly images: Uint8Array
  /** `[n]` uint8 digits 0-9. */
  readonly labels: Uint8Array
}

/** File names of Triad's MNIST, written by `scripts/buildMnist.mjs` into `data/generated/`. */
export const MNIST_FILES = {
  images: 'mnist-images.idx3-ubyte',
  labels: 'mnist-labels.idx1-ubyte',
} as const

/**
 * MNIST from its IDX bytes: features `[n, 1, 28, 28]` float32 in [0, 1] (pixel / 255, as
 * torchvision's `ToTensor()`), labels class ids 0-9. Triad ships 10,000 digits (the `mnist`
 * package's), converted at build time; take 8,000 for training and 2,000 for validation.
 */
export function loadMnist(files: MnistFiles): Dataset {
  const images = readIdx(files.images, MNIST_FILES.images)
  const labels = readIdx(files.labels, MNIST_FILES.labels)
  if (images.dtype !== 'uint8' || images.shape.length !== 3)
    throw new DataError(
      `${MNIST_FILES.images}: expected [n, rows, cols] uint8 images, got ${images.dtype} [${images.shape.join(', ')}]`,
    )
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1)
    throw new DataError(
      `${MNIST_FILES.labels}: expected [n] uint8 labels, got ${labels.dtype} [${labels.shape.join(', ')}]`,
    )
  const [, rows, cols] = images.shape as [number, number, number]
  const features = new Float32Array(images.data.length)
  for (let i = 0; i < features.length; i++) features[i] = images.data[i]! / 255
  return createDataset({
    name: 'mnist',
    features,
    sampleShape: [1, rows, cols],
    labels: {
      kind: 'classes',
      ids: Int32Array.from(labels.data),
      numClasses: 10,
      classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    },
    xName: MNIST_FILES.images,
    yName: MNIST_FILES.labels,
  })
}
