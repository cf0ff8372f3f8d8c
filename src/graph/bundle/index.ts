/**
 * Versioned bundles (`<name>-<version>.zip`): what a model ships as. A manifest (zod-validated:
 * semver version and parent, hashes of every file, signature, training setup, data fingerprint,
 * metrics), the document, safetensors weights, ONNX, the code face, the loss history, samples with
 * expected outputs, a model card and the PyTorch export. Reading checks everything, runs nothing.
 */
export { BundleError } from './errors'
export { type FingerprintArray, fingerprintData } from './fingerprint'
export { sha256Hex } from './hash'
export { initialWeights } from './initialWeights'
export {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleManifest,
  type BundleMetrics,
  bumpMinor,
  type DataFingerprint,
  isSemver,
  manifestSchema,
  metricsSchema,
  type TensorSignature,
} from './manifest'
export { lossCurveSvg, modelCard } from './modelCard'
export { type Bundle, type ReadBundleOptions, readBundle } from './readBundle'
export { compareOutputs, type OutputComparison, sampleFeeds } from './samples'
export { defaultSamples, expectedOutputs, modelSignature, normalizeSamples } from './signature'
export { checkWeights, type WeightSlots, weightsFromSafetensors, weightsToSafetensors } from './weights'
export {
  BUNDLE_FILES,
  type BundleInput,
  bundleFileName,
  finalMetricsOf,
  PRODUCER,
  writeBundle,
} from './writeBundle'
export { DEFAULT_ZIP_LIMITS, unzipLimited, type ZipLimits, zipFiles } from './zip'
