/**
 * Where the CLI talks to: stdout and stderr as functions, whether stdout is a terminal, the
 * working directory and a clock. `main` takes one, so tests run the CLI in-process with captured
 * output, and the real entry point hands it Node's process streams.
 */
export interface CliIo {
  /** Writes to stdout (progress lines and, last, the JSON summary). */
  readonly out: (text: string) => void
  /** Writes to stderr (errors). */
  readonly err: (text: string) => void
  /** True when stdout is a terminal: progress is then one line redrawn with `\r`. */
  readonly isTTY: boolean
  /** Terminal width, for the progress bar. */
  readonly columns?: number
  /** Relative paths on the command line are resolved against it. */
  readonly cwd: string
  /** Milliseconds, monotonic (steps/s and ETA). */
  readonly now: () => number
}

/** The process's own streams. */
export function nodeIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
    cwd: process.cwd(),
    now: () => performance.now(),
  }
}

/** A `CliIo` that keeps what is written, for tests. */
export interface MemoryIo extends CliIo {
  readonly stdout: () => string
  readonly stderr: () => string
}

/**
 * An in-memory `CliIo`: not a terminal, output kept in strings.
 *
 * @example
 * const io = memoryIo('/tmp/run')
 * const code = await main(['train', 'mlp-spirals'], io)
 * JSON.parse(io.stdout().trim().split('\n').at(-1)!)
 */
export function memoryIo(cwd: string, options: { isTTY?: boolean; now?: () => number } = {}): MemoryIo {
  let out = ''
  let err = ''
  return {
    out: (text) => {
      out += text
    },
    err: (text) => {
      err += text
    },
    isTTY: options.isTTY ?? false,
    columns: 100,
    cwd,
    now: options.now ?? (() => performance.now()),
    stdout: () => out,
    stderr: () => err,
  }
}
