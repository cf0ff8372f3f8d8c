/**
 * Removes what untrusted model code could use to reach the network or storage from a worker's
 * global scope, before that code runs. Each name becomes a non-configurable getter that throws
 * a clear error, on the scope and on every prototype that defines it, so neither `fetch('/')`
 * nor `Object.getPrototypeOf(self).fetch` gets through. This is the second wall: the first is
 * the sandboxed iframe (opaque origin, `default-src 'none'` CSP) that hosts the worker.
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

/**
 * Locks down `scope` (a worker's `self`). Call it after taking any reference the worker itself
 * needs (`postMessage`), before running user code.
 */
export function lockDownGlobals(scope: object): void {
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
