/**
 * 2-D contexts for small canvases redrawn several times a second while training (charts, the
 * decision boundary): rastered on the CPU (`willReadFrequently`) rather than through the GPU
 * process. Small canvases raster as fast there, and a CPU canvas never waits on the GPU's canvas
 * rate limiter, which blocks the page's main thread when the GPU process is busy (measured: 37 ms
 * in `SharedContextRateLimiter::Tick` while WebGPU emulation loaded the GPU process).
 */
export const CPU_CANVAS: CanvasRenderingContext2DSettings = { willReadFrequently: true }

/** The CPU-rastered 2-D context of `canvas` (the first `getContext` call fixes a canvas' settings). */
export function cpuContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  return canvas.getContext('2d', CPU_CANVAS)
}

/**
 * Runs `create` (a chart library constructor that makes its canvases itself, such as uPlot's) with
 * every 2-D context it asks for made CPU-rastered, then restores `getContext`.
 */
export function withCpuCanvases<T>(create: () => T): T {
  const proto = HTMLCanvasElement.prototype
  const original = proto.getContext
  proto.getContext = function (this: HTMLCanvasElement, type: string, settings?: unknown) {
    const merged = type === '2d' ? { ...(settings as object | undefined), ...CPU_CANVAS } : settings
    return (original as (t: string, s?: unknown) => RenderingContext | null).call(this, type, merged)
  } as typeof proto.getContext
  try {
    return create()
  } finally {
    proto.getContext = original
  }
}
