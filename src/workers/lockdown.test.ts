import { createContext, runInContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { BLOCKED_GLOBALS, blockedMessage, lockDownGlobals } from './lockdown'

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

/** A fresh JavaScript realm (its own Function, eval, prototypes), locked down, with a way to run code in it. */
function lockedRealm() {
  const context = createContext({
    setTimeout,
    FontFace: class {},
    fonts: {},
    navigator: { storageBuckets: {} },
  })
  const scope = runInContext('globalThis', context) as object
  lockDownGlobals(scope)
  return (code: string): unknown => runInContext(code, context)
}

describe('the gate on code made from text', () => {
  it('refuses import( in text run through Function, its async and generator kin, and eval', () => {
    const run = lockedRealm()
    const blocked = blockedMessage('import()')
    expect(() => run('new Function("return import(\'/probe-import.js\')")')).toThrow(blocked)
    expect(() => run("Function('return import /* c */ (\\'/x\\')')")).toThrow(blocked)
    expect(() => run("(function () {}).constructor('return import(\\'/x\\')')")).toThrow(blocked)
    expect(() => run("(async function () {}).constructor('return import(\\'/x\\')')")).toThrow(blocked)
    expect(() => run("(function* () {}).constructor('yield import(\\'/x\\')')")).toThrow(blocked)
    expect(() => run("(async function* () {}).constructor('yield import(\\'/x\\')')")).toThrow(blocked)
    expect(() => run('eval("import(\'/x\')")')).toThrow(blocked)
    expect(() => run('setTimeout("import(\'/x\')", 0)')).toThrow(
      blockedMessage('setTimeout with a string of code'),
    )
  })

  it('still makes functions from other text, and they are still Functions', () => {
    const run = lockedRealm()
    expect(run("new Function('a', 'b', 'return a + b')(2, 3)")).toBe(5)
    expect(run("Function('const important = 1; return important')()")).toBe(1)
    expect(run("(new Function('return 1')) instanceof Function")).toBe(true)
    expect(run("eval('6 * 7')")).toBe(42)
  })

  it('turns each source argument into text once, so a changing toString cannot slip import( past it', () => {
    const run = lockedRealm()
    const code = `let n = 0
      const sly = { toString: () => (n++ === 0 ? 'return 1' : "return import('/x')") }
      Function(sly)()`
    expect(run(code)).toBe(1)
  })

  it('cannot be undone by putting a constructor back', () => {
    const run = lockedRealm()
    // Errors of the other realm are not this realm's TypeError: match their words.
    expect(() => run("Object.defineProperty(Function.prototype, 'constructor', { value: 1 })")).toThrow(
      /Cannot redefine property: constructor/,
    )
    expect(() => run("'use strict'; globalThis.Function = function () {}")).toThrow(/read only property/)
  })

  it('blocks fonts, FontFace and navigator.storageBuckets, which load or store', () => {
    const run = lockedRealm()
    expect(() => run("new FontFace('f', 'url(/probe-font)')")).toThrow(blockedMessage('FontFace'))
    expect(() => run('fonts.add')).toThrow(blockedMessage('fonts'))
    expect(() => run('navigator.storageBuckets.open')).toThrow(blockedMessage('navigator.storageBuckets'))
    expect(BLOCKED_GLOBALS).toContain('fetchLater')
  })
})
