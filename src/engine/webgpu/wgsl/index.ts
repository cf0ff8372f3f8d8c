export {
  type Access,
  coordinates,
  f32,
  f32Bits,
  foldGroups,
  type Grid,
  i32,
  isContiguous,
  type Launch,
  launch1d,
  literal,
  offset,
  PRELUDE,
  storage,
  u32,
  wgslType,
} from './common'
export { helpersIn, mathHelpers } from './math'
