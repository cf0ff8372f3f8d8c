/**
 * ONNX import: PyTorch-exported models (opsets 13-17) into editable documents with their weights.
 */
export { MAX_DIM, MAX_SAMPLE_ELEMENTS } from './decode'
export { importOnnx, type OnnxImport, type OnnxImportOptions } from './importOnnx'
