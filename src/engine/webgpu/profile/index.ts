export { hasTimestamps, type ProfileOptions, profileCompiledGraph } from './profileGraph'
export {
  type ProfileWorkloadName,
  type ProfileWorkloadsOptions,
  profileWorkload,
  profileWorkloads,
  type WorkloadProfile,
} from './profileWorkloads'
export {
  type DispatchTiming,
  formatProfile,
  groupByKind,
  type KernelProfile,
  type KindRow,
  kindOf,
  median,
  type ProfileMethod,
} from './summary'
export {
  cnnWorkload,
  mlpWorkload,
  PROFILE_WORKLOADS,
  type ProfileWorkload,
  TRANSFORMER_SIZES,
  transformerWorkload,
} from './workloads'
