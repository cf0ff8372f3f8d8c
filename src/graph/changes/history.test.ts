import { describe, expect, it } from 'vitest'
import { createNode } from '../document/ports'
import { emptyDocument, type ModelDocument } from '../document/schema'
import { applyGraphChange } from './applyGraphChange'
import type { GraphChange } from './graphChange'
import {
  emptyHistory,
  HISTORY_LIMIT,
  type History,
  record,
  redo,
  redoLabel,
  undo,
  undoLabel,
} from './history'

function start(): ModelDocument {
  return {
    ...emptyDocument('h'),
    nodes: [createNode('relu', 'a', { x: 0, y: 0 }), createNode('relu', 'b', { x: 0, y: 0 })],
  }
}

/** Applies and records, the way the store does. */
function commit(
  state: { doc: ModelDocument; history: History },
  change: GraphChange,
  label?: string,
  coalesce = false,
) {
  const applied = applyGraphChange(state.doc, change)
  return {
    doc: applied.doc,
    history: record(state.history, applied.inverse, label, { coalesceMoves: coalesce }),
  }
}

const move = (id: string, x: number): GraphChange => ({ kind: 'move', id, position: { x, y: 0 } })

describe('history', () => {
  it('has nothing to undo or redo when empty', () => {
    expect(undo(start(), emptyHistory())).toBeNull()
    expect(redo(start(), emptyHistory())).toBeNull()
  })

  it('undoes and redoes with labels', () => {
    let s = { doc: start(), history: emptyHistory() }
    s = commit(s, { kind: 'setName', name: 'renamed' }, 'rename model')
    expect(undoLabel(s.history)).toBe('rename model')
    const back = undo(s.doc, s.history)!
    expect(back.doc.name).toBe('h')
    expect(redoLabel(back.history)).toBe('rename model')
    expect(redo(back.doc, back.history)?.doc.name).toBe('renamed')
  })

  it('forgets the redo steps when a new edit is recorded', () => {
    let s = { doc: start(), history: emptyHistory() }
    s = commit(s, move('a', 1))
    const back = undo(s.doc, s.history)!
    const next = commit(back, move('b', 2))
    expect(next.history.future).toEqual([])
    expect(redo(next.doc, next.history)).toBeNull()
  })

  it(`keeps at most ${HISTORY_LIMIT} steps, forgetting the oldest`, () => {
    let s = { doc: start(), history: emptyHistory() }
    for (let i = 1; i <= HISTORY_LIMIT + 5; i++) s = commit(s, move('a', i))
    expect(s.history.past).toHaveLength(HISTORY_LIMIT)
    let doc = s.doc
    let history = s.history
    for (let step = undo(doc, history); step; step = undo(doc, history)) ({ doc, history } = step)
    expect(doc.nodes[0]?.position.x).toBe(5)
  })

  it('coalesces consecutive moves of the same nodes when asked, so one undo ends the drag', () => {
    let s = { doc: start(), history: emptyHistory() }
    for (let x = 1; x <= 10; x++) s = commit(s, move('a', x), 'drag', true)
    s = commit(s, move('b', 3), 'drag', true)
    expect(s.history.past).toHaveLength(2)
    const once = undo(s.doc, s.history)!
    const twice = undo(once.doc, once.history)!
    expect(twice.doc).toEqual(start())
  })

  it('does not record an empty batch as a step', () => {
    expect(record(emptyHistory(), { kind: 'batch', changes: [] }, 'nothing')).toEqual(emptyHistory())
  })

  it('keeps separate drags separate by default', () => {
    let s = { doc: start(), history: emptyHistory() }
    s = commit(s, move('a', 1))
    s = commit(s, move('a', 2))
    expect(undo(s.doc, s.history)?.doc.nodes[0]?.position.x).toBe(1)
  })
})
