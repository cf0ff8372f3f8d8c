import { useEffect, useRef } from 'react'
import type { DataPreview } from './preview'

/** Class colours of the scatter (Tableau 10, readable on the dark theme). */
const COLORS = [
  '#5aa9ff',
  '#f2a34b',
  '#6cd39b',
  '#e5646b',
  '#b58cf0',
  '#c9a27e',
  '#f08fc8',
  '#9aa4b2',
  '#d5d55a',
  '#4fd0d8',
]
const SIZE = 220
const CELL = 34

function extent(values: Float32Array): [number, number] {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const v of values) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  return hi > lo ? [lo, hi] : [lo - 1, hi + 1]
}

function drawScatter(ctx: CanvasRenderingContext2D, p: Extract<DataPreview, { kind: 'scatter' }>): void {
  const [x0, x1] = extent(p.xs)
  const [y0, y1] = extent(p.ys)
  const pad = 8
  const sx = (v: number) => pad + ((v - x0) / (x1 - x0)) * (SIZE - 2 * pad)
  const sy = (v: number) => SIZE - pad - ((v - y0) / (y1 - y0)) * (SIZE - 2 * pad)
  ctx.clearRect(0, 0, SIZE, SIZE)
  for (let i = 0; i < p.xs.length; i++) {
    ctx.fillStyle = p.classes ? COLORS[p.classes[i]! % COLORS.length]! : COLORS[0]!
    ctx.fillRect(sx(p.xs[i]!) - 1.5, sy(p.ys[i]!) - 1.5, 3, 3)
  }
}

function drawImages(
  ctx: CanvasRenderingContext2D,
  p: Extract<DataPreview, { kind: 'images' }>,
  columns: number,
): void {
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height)
  const scale = Math.max(1, Math.floor((CELL - 8) / Math.max(p.width, p.height)))
  p.images.forEach((pixels, i) => {
    const image = ctx.createImageData(p.width, p.height)
    for (let j = 0; j < pixels.length; j++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, pixels[j]!)))
      image.data.set([v, v, v, 255], 4 * j)
    }
    const x = (i % columns) * CELL
    const y = Math.floor(i / columns) * (CELL + 10)
    // draw at 1:1 off screen, then scale up without smoothing
    const tile = new OffscreenCanvas(p.width, p.height)
    tile.getContext('2d')!.putImageData(image, 0, 0)
    ctx.imageSmoothingEnabled = false
    ctx.drawImage(tile, x, y, p.width * scale, p.height * scale)
    ctx.fillStyle = '#9aa4b2'
    ctx.font = '10px sans-serif'
    ctx.fillText(p.labels[i] ?? '', x + 2, y + p.height * scale + 9)
  })
}

/** The preview of a dataset: scatter or image grid on a canvas, or a table of its first rows. */
export function DataPreviewView({ preview, summary }: { preview: DataPreview; summary: string }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const columns = 8
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d')
    if (!ctx) return
    if (preview.kind === 'scatter') drawScatter(ctx, preview)
    if (preview.kind === 'images') drawImages(ctx, preview, columns)
  }, [preview])

  if (preview.kind === 'table')
    return (
      <div className="data-table-wrap" data-testid="data-preview" data-kind="table">
        <table className="data-table" aria-label={`First rows: ${summary}`}>
          <thead>
            <tr>
              {preview.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, r) => (
              // rows have no identity beyond their position in the file
              // biome-ignore lint/suspicious/noArrayIndexKey: rows of a static preview
              <tr key={r}>
                {row.map((v, c) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells of a static preview
                  <td key={c}>{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )
  const rows = preview.kind === 'images' ? Math.ceil(preview.images.length / columns) : 0
  return (
    <canvas
      ref={canvas}
      className="data-canvas"
      data-testid="data-preview"
      data-kind={preview.kind}
      width={preview.kind === 'images' ? columns * CELL : SIZE}
      height={preview.kind === 'images' ? rows * (CELL + 10) : SIZE}
      role="img"
      aria-label={
        preview.kind === 'scatter'
          ? `Scatter of ${preview.xs.length} points, ${preview.xLabel} against ${preview.yLabel}: ${summary}`
          : `Grid of ${preview.images.length} images labelled ${preview.labels.join(' ')}: ${summary}`
      }
    />
  )
}
