import type { LayerKind } from '../actions/addLayer'

/** The drag-and-drop type a palette entry carries; other drops (files, text) are not layers. */
export const PALETTE_MIME = 'application/x-triad-layer'

/** Puts a palette entry on a drag. */
export function startPaletteDrag(dataTransfer: DataTransfer, kind: LayerKind): void {
  dataTransfer.setData(PALETTE_MIME, JSON.stringify(kind))
  dataTransfer.effectAllowed = 'copy'
}

/** The palette entry a drop carries, or null when the drop is something else. */
export function readPaletteDrop(dataTransfer: DataTransfer): LayerKind | null {
  const raw = dataTransfer.getData(PALETTE_MIME)
  if (!raw) return null
  try {
    const value: unknown = JSON.parse(raw)
    if (typeof value !== 'object' || value === null) return null
    if ('type' in value && typeof value.type === 'string') return { type: value.type }
    if ('block' in value && typeof value.block === 'string') return { block: value.block }
  } catch {
    return null
  }
  return null
}
