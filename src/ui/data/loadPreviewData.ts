import { builtinDataset, isDatasetName } from '../../engine/data/builtin'
import { createDataset, type Dataset } from '../../engine/data/dataset'
import { readIdx } from '../../engine/data/idx'
import { MNIST_FILES } from '../../engine/data/mnist'
import { GRID_IMAGES } from './preview'

/** MNIST digits fetched for the preview: the first `GRID_IMAGES` of the files the worker trains on. */
async function mnistSample(baseUrl: string): Promise<PreviewData> {
  const get = async (file: string) => {
    const response = await fetch(`${baseUrl}data/${file}`)
    if (!response.ok)
      throw new Error(
        `mnist: data/${file} answered ${response.status}: run npm run data, then rebuild the app.`,
      )
    return new Uint8Array(await response.arrayBuffer())
  }
  const [imageBytes, labelBytes] = await Promise.all([get(MNIST_FILES.images), get(MNIST_FILES.labels)])
  const images = readIdx(imageBytes, MNIST_FILES.images)
  const labels = readIdx(labelBytes, MNIST_FILES.labels)
  const [, rows = 28, cols = 28] = images.shape
  const k = rows * cols
  const n = Math.min(GRID_IMAGES, labels.data.length)
  const features = new Float32Array(n * k)
  for (let i = 0; i < n * k; i++) features[i] = Number(images.data[i]) / 255
  const dataset = createDataset({
    name: 'mnist',
    features,
    sampleShape: [1, rows, cols],
    labels: {
      kind: 'classes',
      ids: Int32Array.from({ length: n }, (_, i) => Number(labels.data[i])),
      numClasses: 10,
      classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    },
  })
  return { dataset, total: labels.data.length }
}

/** A dataset to preview, and how many samples the whole one has (MNIST's preview holds its first few). */
export interface PreviewData {
  readonly dataset: Dataset
  readonly total: number
}

/**
 * The dataset the data panel previews and checks against the model: an upload of this session,
 * a built-in one made in the page (the synthetic ones are small; MNIST's first digits are
 * fetched), or null for a name the page does not know.
 */
export async function loadPreviewData(
  name: string,
  uploads: readonly Dataset[],
  baseUrl: string,
): Promise<PreviewData | null> {
  const uploaded = uploads.find((d) => d.name === name)
  if (uploaded) return { dataset: uploaded, total: uploaded.size }
  if (!isDatasetName(name)) return null
  if (name === 'mnist') return mnistSample(baseUrl)
  const dataset = builtinDataset(name)
  return { dataset, total: dataset.size }
}
