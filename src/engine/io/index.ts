/** Binary tensor I/O shared by the data pipeline and the weights: host arrays, safetensors, errors. */
export { DataError, located } from './dataError'
export {
  elementCount,
  type HostArray,
  type HostDataOf,
  type HostDType,
  ITEM_SIZE,
  toFloat32,
  toInt32,
} from './hostArray'
export {
  MAX_HEADER_SIZE,
  readSafetensors,
  type SafetensorsDType,
  type SafetensorsFile,
  writeSafetensors,
} from './safetensors'
