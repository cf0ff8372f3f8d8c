import type { BlockDef } from '../document/schema'
import type { LayerDef } from '../layers/types'

/**
 * How the positional tensor arguments of a code-face call map onto input ports:
 * `L.add(a, b, c)` feeds `in0, in1, in2`; `L.multiHeadAttention(q, null, v)` leaves `key`
 * unconnected. The emitter and the tracer both read this, so code and graph agree on it.
 */
export interface CallPorts {
  /** Ports taken one argument each, in order. */
  fixed: readonly { name: string; optional: boolean }[]
  /** A variadic tail (`in` expands to `in0, in1, ...`), at least `minCount` arguments. */
  variadic?: { base: string; minCount: number }
}

/** The call layout of a catalogue layer (its last port may be variadic). */
export function layerCallPorts(def: LayerDef): CallPorts {
  const fixed: { name: string; optional: boolean }[] = []
  let variadic: CallPorts['variadic']
  for (const port of def.inputs) {
    if (port.variadic) variadic = { base: port.name, minCount: port.variadic.minCount }
    else fixed.push({ name: port.name, optional: port.optional === true })
  }
  return variadic ? { fixed, variadic } : { fixed }
}

/** The call layout of a block instance: one argument per block input, in order. */
export function blockCallPorts(block: Pick<BlockDef, 'inputs'>): CallPorts {
  return { fixed: block.inputs.map((name) => ({ name, optional: false })) }
}

/** Fewest and most positional tensor arguments a call takes (`null` counts as an argument). */
export function argCountRange(ports: CallPorts): { min: number; max: number } {
  if (ports.variadic)
    return { min: ports.fixed.length + ports.variadic.minCount, max: Number.POSITIVE_INFINITY }
  let min = 0
  ports.fixed.forEach((p, i) => {
    if (!p.optional) min = i + 1
  })
  return { min, max: ports.fixed.length }
}

/** The port the `index`-th positional argument feeds, or undefined past the last port. */
export function portOfArg(ports: CallPorts, index: number): string | undefined {
  const fixed = ports.fixed[index]
  if (fixed) return fixed.name
  return ports.variadic ? `${ports.variadic.base}${index - ports.fixed.length}` : undefined
}

/**
 * The ports to write as positional arguments, in order, for a node whose connected input ports
 * are `connected`: unconnected ones are written `null`, except trailing optional ones, which
 * are left out; a variadic tail runs to its highest connected index (at least `minCount`).
 */
export function argPorts(ports: CallPorts, connected: ReadonlySet<string>): string[] {
  const out = ports.fixed.map((p) => p.name)
  if (ports.variadic) {
    const { base, minCount } = ports.variadic
    let count = minCount
    for (const name of connected) {
      if (!name.startsWith(base)) continue
      const rest = name.slice(base.length)
      if (/^(0|[1-9][0-9]*)$/.test(rest)) count = Math.max(count, Number(rest) + 1)
    }
    for (let i = 0; i < count; i++) out.push(`${base}${i}`)
    return out
  }
  while (out.length > 0) {
    const i = out.length - 1
    const last = ports.fixed[i]
    if (!last?.optional || connected.has(last.name)) break
    out.pop()
  }
  return out
}
