/** Types of report.mjs (plain JavaScript, so that run.mjs runs under Node without a build). */
import type { CellResult } from './page'

/** A cell as the report reads it: `CellResult`, loosely typed for tests. */
export type ReportCell = Pick<CellResult, 'name' | 'unit' | 'value' | 'compileMs'> & {
  readonly system: string
  readonly workload: string
}

/** One row of bench/results.json. */
export interface ResultRow {
  readonly workload: string
  readonly system: string
  readonly backend: string
  readonly adapter: string
  readonly value: number
  readonly unit: 'GFLOP/s' | 'steps/s' | 'ms'
}

export const GPU_SYSTEMS: readonly string[]
export const CPU_SYSTEMS: readonly string[]
export function resultRows(cells: readonly ReportCell[], adapter: string): ResultRow[]
export function ratioToBestPeer(
  cells: readonly ReportCell[],
  workload: string,
  systems: readonly string[],
): number | undefined
export function formatTable(
  cells: readonly ReportCell[],
  workloads: readonly string[],
  key?: 'value' | 'compileMs',
): string
