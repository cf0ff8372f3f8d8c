/**
 * Removes what untrusted model code could use to reach the network or storage from a worker's
 * global scope, before that code runs. Each name becomes a non-configurable getter that throws
 * a clear error, on the scope and on every prototype that defines it, so neither `fetch('/')`
 * nor `Object.getPrototypeOf(self).fetch` gets through. `import()` is syntax and cannot be
 * removed: the ways to run text as code (`Function` and its async/generator kin, `eval`, string
 * timers) are gated so text with `import(` in it fails with the same clear error.
 *
 * This is the second wall: the first is the sandboxed iframe (opaque origin, `default-src
 * 'none'` CSP, which also refuses any `import()` that got through) that hosts the worker.
 */

/** Global names blocked in the tracer worker; `navigator.x` names a property of `navigator`. */
export const BLOCKED_GLOBALS: readonly string[] = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'importScripts',
  'fetchLater',
  // Fonts load over the network: `new FontFace(name, 'url(...)').load()`, `fonts.add(...)`.
  'FontFace',
  'fonts',
  'indexedDB',
  'caches',
  'cookieStore',
  'BroadcastChannel',
  'Worker',
  'SharedWorker',
  'RTCPeerConnection',
  'webkitRequestFileSystem',
  'webkitRequestFileSystemSync',
  'webkitResolveLocalFileSystemURL',
  'webkitResolveLocalFileSystemSyncURL',
  // The worker talks to its host through a reference taken before the lockdown.
  'postMessage',
  'close',
  'navigator.storage',
  'navigator.storageBuckets',
  'navigator.locks',
  'navigator.serviceWorker',
  'navigator.sendBeacon',
  'navigator.usb',
  'navigator.hid',
  'navigator.serial',
  'navigator.bluetooth',
]

/** The error a blocked name throws. */
export function blockedMessage(name: string): string {
  return `${name} is blocked: model code runs sandboxed, without network or storage access.`
}

function block(target: object, prop: string, name: string): void {
  const getter = {
    get(): never {
      throw new Error(blockedMessage(name))
    },
    set(): void {
      throw new Error(blockedMessage(name))
    },
    enumerable: false,
    configurable: false,
  }
  for (let o: object | null = target; o; o = Object.getPrototypeOf(o)) {
    const own = Object.getOwnPropertyDescriptor(o, prop)
    if (own && o !== target && own.configurable) Object.defineProperty(o, prop, getter)
  }
  const own = Object.getOwnPropertyDescriptor(target, prop)
  if (!own || own.configurable) Object.defineProperty(target, prop, getter)
}

/** Text that would run a dynamic import: `import(`, with spaces or a comment before the `(`. */
const DYNAMIC_IMPORT = /\bimport\s*(?:\(|\/[*/])/

/** The source texts, each turned into a string once (a second `toString` could answer differently). */
function checkedSources(args: readonly unknown[]): string[] {
  const texts = args.map((a) => String(a))
  if (texts.some((t) => DYNAMIC_IMPORT.test(t))) throw new Error(blockedMessage('import()'))
  return texts
}

/** Sets `prop` to `value` on `target` and on every prototype that has it as its own. */
function replace(target: object, prop: string, value: unknown): void {
  for (let o: object | null = target; o; o = Object.getPrototypeOf(o)) {
    const own = Object.getOwnPropertyDescriptor(o, prop)
    if (own?.configurable) Object.defineProperty(o, prop, { value, writable: false, configurable: false })
  }
  if (!Object.getOwnPropertyDescriptor(target, prop))
    Object.defineProperty(target, prop, { value, writable: false, configurable: false })
}

/**
 * A stand-in for a code-from-text constructor that refuses `import(` and otherwise makes the same
 * function. A proxy, so it is callable and constructible like the original (a bundler may turn a
 * plain `function` into an arrow, which `new` refuses) and keeps its `prototype` and `instanceof`.
 */
function gateConstructor(original: (...args: never[]) => unknown): (...args: never[]) => unknown {
  const gated: (...args: never[]) => unknown = new Proxy(original, {
    apply: (target, _this, args: unknown[]): unknown =>
      Reflect.apply(target, undefined, checkedSources(args)),
    construct: (target, args: unknown[], newTarget): object =>
      Reflect.construct(target, checkedSources(args), newTarget === gated ? target : newTarget),
  })
  Object.defineProperty(original.prototype, 'constructor', {
    value: gated,
    writable: false,
    configurable: false,
  })
  return gated
}

/**
 * Gates every way model code can run text as code, so `import(...)` written in a string fails
 * with a clear error instead of a network request. Functions made before (the tracer's own
 * `new Function`, taken at load) are unaffected.
 */
function gateCodeFromText(scope: object): void {
  const g = scope as Record<string, unknown>
  const fn = g.Function
  if (typeof fn !== 'function') return
  // The async and generator constructors of the scope's own realm, reached through its Function.
  const kinds = ['async function () {}', 'function* () {}', 'async function* () {}'].map(
    (src) => Object.getPrototypeOf((fn as FunctionConstructor)(`return ${src}`)()).constructor,
  )
  replace(scope, 'Function', gateConstructor(fn as FunctionConstructor))
  for (const ctor of kinds) gateConstructor(ctor)
  const originalEval = g.eval
  if (typeof originalEval === 'function')
    replace(scope, 'eval', (text: unknown) =>
      typeof text === 'string' ? originalEval(checkedSources([text])[0]) : text,
    )
  for (const timer of ['setTimeout', 'setInterval']) {
    const original = g[timer]
    if (typeof original !== 'function') continue
    replace(scope, timer, (handler: unknown, ...rest: unknown[]) => {
      if (typeof handler !== 'function') throw new Error(blockedMessage(`${timer} with a string of code`))
      return Reflect.apply(original, scope, [handler, ...rest])
    })
  }
}

/**
 * Locks down `scope` (a worker's `self`). Call it after taking any reference the worker itself
 * needs (`postMessage`), before running user code.
 */
export function lockDownGlobals(scope: object): void {
  gateCodeFromText(scope)
  for (const name of BLOCKED_GLOBALS) {
    const [head, prop] = name.split('.') as [string, string | undefined]
    if (prop === undefined) {
      block(scope, head, name)
      continue
    }
    const owner = (scope as Record<string, unknown>)[head]
    if (typeof owner === 'object' && owner !== null) block(owner, prop, name)
  }
}
