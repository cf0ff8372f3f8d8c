import onnxProto from 'onnx-proto'

/**
 * onnx-proto's generated protobuf classes (ONNX's official onnx.proto3, protobufjs). The package
 * is CommonJS: Node's ESM loader (the CLI bundle leaves packages as imports) only offers its
 * default export, so it is read from there. Types come from `import type { onnx } from 'onnx-proto'`.
 */
export const ONNX: typeof onnxProto.onnx = onnxProto.onnx
