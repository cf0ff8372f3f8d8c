import { describe, expect, it } from 'vitest'
import { blockedMessage, lockDownGlobals } from './lockdown'

/** A stand-in for a worker's global scope: APIs on a prototype, like WorkerGlobalScope's. */
function fakeScope() {
  class GlobalScope {
    fetch(url: string) {
      return `fetched ${url}`
    }
    postMessage() {
      return 'posted'
    }
  }
  const scope = new GlobalScope() as GlobalScope & Record<string, unknown>
  scope.indexedDB = { open: () => 'db' }
  scope.WebSocket = class {}
  scope.navigator = { storage: { estimate: () => 1 }, hardwareConcurrency: 4 }
  scope.Math = Math
  return scope
}

describe('lockDownGlobals', () => {
  it('makes network and storage APIs throw a clear error, on the scope and on its prototypes', () => {
    const scope = fakeScope()
    const post = scope.postMessage.bind(scope)
    lockDownGlobals(scope)
    expect(() => scope.fetch('/')).toThrow(
      'fetch is blocked: model code runs sandboxed, without network or storage access.',
    )
    expect(() => (Object.getPrototypeOf(scope) as { fetch: unknown }).fetch).toThrow(blockedMessage('fetch'))
    expect(() => (scope.indexedDB as { open(): void }).open()).toThrow(blockedMessage('indexedDB'))
    expect(() => scope.WebSocket).toThrow(blockedMessage('WebSocket'))
    expect(() => (scope.navigator as { storage: unknown }).storage).toThrow(
      blockedMessage('navigator.storage'),
    )
    expect(() => scope.postMessage()).toThrow(blockedMessage('postMessage'))
    // A reference taken before the lockdown still works; unrelated globals are untouched.
    expect(post()).toBe('posted')
    expect(scope.Math).toBe(Math)
    expect((scope.navigator as { hardwareConcurrency: number }).hardwareConcurrency).toBe(4)
  })

  it('cannot be undone by redefining or assigning a blocked name', () => {
    const scope = fakeScope()
    lockDownGlobals(scope)
    expect(() => Object.defineProperty(scope, 'fetch', { value: () => 'mine' })).toThrow(TypeError)
    expect(() => {
      scope.indexedDB = {}
    }).toThrow(blockedMessage('indexedDB'))
  })
})
