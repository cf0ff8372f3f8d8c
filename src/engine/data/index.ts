/**
 * The data pipeline: datasets (synthetic, Iris, MNIST, CSV, NPY, IDX), splits and a loader with
 * torch DataLoader semantics. Pure TS: Node's file reading lives in `./node/files`.
 */
export { type ArrayDatasetOptions, datasetFromArrays } from './arrays'
export {
  type BuiltinOptions,
  type BuiltinSources,
  builtinDataset,
  DATASET_NAMES,
  type DatasetName,
  isDatasetName,
} from './builtin'
export { checkDataShape, checkLabelShape } from './checkShape'
export { type ColumnRole, type CsvOptions, readCsv } from './csv'
export {
  type ClassLabels,
  classLabels,
  createDataset,
  type Dataset,
  type DatasetParts,
  type Labels,
  labelCount,
  selectRows,
  type TargetLabels,
} from './dataset'
export { readIdx, writeIdx } from './idx'
export { IRIS_FEATURES, iris } from './iris'
export { type Batch, DataLoader, type DataLoaderOptions, gatherBatch } from './loader'
export { loadMnist, MNIST_FILES, type MnistFiles } from './mnist'
export { readNpy, toInt64, writeNpy } from './npy'
export { randomSplit, splitLengths, trainValidationSplit, type ValidationSplitOptions } from './split'
export {
  type BlobsOptions,
  blobs,
  type CirclesOptions,
  circles,
  moons,
  type SpiralsOptions,
  SYNTHETIC,
  type SyntheticName,
  type SyntheticOptions,
  sine,
  spirals,
  xor,
} from './synthetic'
