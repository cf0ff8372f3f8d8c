import { relu } from './activation/relu'
import { dense } from './core/dense'
import { input } from './io/input'
import type { LayerDef } from './types'

/**
 * The layer catalogue: every layer type, listed explicitly. Adding a layer = adding its file and
 * one line here.
 */
export const LAYERS: readonly LayerDef[] = [input, dense, relu] as unknown as readonly LayerDef[]

const BY_TYPE = new Map(LAYERS.map((l) => [l.type, l]))

/** The catalogue entry for a type, or undefined for an unknown type. */
export function findLayer(type: string): LayerDef | undefined {
  return BY_TYPE.get(type)
}
