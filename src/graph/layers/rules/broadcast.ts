import type { Dim, Shape } from '../../shapes/shape'

/**
 * PyTorch broadcasting of two shapes: align from the right; a dim of 1 stretches; missing
 * leading dims count as 1. Undefined when two known sizes differ and neither is 1.
 *
 * Symbolic dims: a name against 1 stays the name; a name against a known size takes the size
 * (the name must be that size for the program to run); two different names keep the first.
 */
export function broadcastShapes(a: Shape, b: Shape): Shape | undefined {
  const rank = Math.max(a.length, b.length)
  const out: Dim[] = []
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1
    const y = b[b.length - rank + i] ?? 1
    const d = broadcastDim(x, y)
    if (d === undefined) return undefined
    out.push(d)
  }
  return out
}

function broadcastDim(x: Dim, y: Dim): Dim | undefined {
  if (x === y) return x
  if (x === 1) return y
  if (y === 1) return x
  if (typeof x === 'number' && typeof y === 'number') return undefined
  if (typeof x === 'number') return x
  if (typeof y === 'number') return y
  return x
}
