/**
 * The browser benchmark's report: the table with ratios to the best peer, and the rows of
 * bench/results.json. Pure functions of the page's cell results (see page.ts, CellResult).
 */

/** System ids in table order, with the peers each Triad column is compared against. */
export const GPU_SYSTEMS = ['triad-webgpu', 'tfjs-webgpu', 'jax-js-webgpu']
export const CPU_SYSTEMS = ['triad-cpu', 'tfjs-wasm', 'jax-js-wasm']

const SYSTEM_OF = (id) => (id.startsWith('jax-js') ? 'jax-js' : id.split('-')[0])
const BACKEND_OF = (id) => id.slice(SYSTEM_OF(id).length + 1)

/**
 * The rows of results.json: one per measured cell ({workload, system, backend, adapter, value,
 * unit}), and one per cell with the time to its first synced step (unit 'ms', workload
 * '<name>:compile'). Cells that failed have no row.
 */
export function resultRows(cells, adapter) {
  const rows = []
  for (const c of cells) {
    if (c.value === undefined) continue
    const backend = BACKEND_OF(c.system)
    const base = { system: SYSTEM_OF(c.system), backend, adapter: backend === 'webgpu' ? adapter : 'cpu' }
    rows.push({ workload: c.name, ...base, value: c.value, unit: c.unit })
    rows.push({ workload: `${c.name}:compile`, ...base, value: c.compileMs, unit: 'ms' })
  }
  return rows
}

const fmt = (v) =>
  v === undefined ? 'n/a' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(2)

/** `value / best peer value` for Triad's column among `systems`, or undefined. */
export function ratioToBestPeer(cells, workload, systems) {
  const value = (id) => cells.find((c) => c.workload === workload && c.system === id)?.value
  const triad = value(systems[0])
  const peers = systems
    .slice(1)
    .map(value)
    .filter((v) => v !== undefined)
  if (triad === undefined || peers.length === 0) return undefined
  return triad / Math.max(...peers)
}

/** The table: one line per workload, the six systems, and Triad's ratio to its best peer. */
export function formatTable(cells, workloads, key = 'value') {
  const head = ['workload'.padEnd(38), 'unit'.padEnd(8), ...GPU_SYSTEMS, 'vs best', ...CPU_SYSTEMS, 'vs best']
  const lines = [head.map((h, i) => (i < 2 ? h : h.padStart(i === 5 || i === 9 ? 8 : 14))).join(' ')]
  for (const w of workloads) {
    const mine = cells.filter((c) => c.workload === w)
    if (mine.length === 0) continue
    const cell = (id) => mine.find((c) => c.system === id)
    const col = (id) => fmt(cell(id)?.[key]).padStart(14)
    const ratio = (systems) => {
      const r = key === 'value' ? ratioToBestPeer(cells, w, systems) : undefined
      return (r === undefined ? '' : `${r.toFixed(2)}x`).padStart(8)
    }
    const first = mine[0]
    lines.push(
      [
        first.name.padEnd(38),
        (key === 'value' ? first.unit : 'ms').padEnd(8),
        ...GPU_SYSTEMS.map(col),
        ratio(GPU_SYSTEMS),
        ...CPU_SYSTEMS.map(col),
        ratio(CPU_SYSTEMS),
      ].join(' '),
    )
  }
  return lines.join('\n')
}
