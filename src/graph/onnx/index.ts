/**
 * ONNX interchange: export of a document's inference graph (opset 17) and the mapping contract
 * layer files implement. Import sits beside it.
 */

export { exportOnnx, ONNX_OPSET, type OnnxExportOptions, type OnnxWeights } from './exportOnnx'
export { importOnnx, MAX_DIM, MAX_SAMPLE_ELEMENTS, type OnnxImport, type OnnxImportOptions } from './import'
export { type OnnxExportIssue, onnxExportIssues } from './issues'
export type { OnnxBuilder, OnnxCall, OnnxMapping, OnnxValue } from './mapping'
