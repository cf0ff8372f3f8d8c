import { useState } from 'react'
import { Canvas } from './canvas/Canvas'
import { CodePane } from './code/CodePane'
import { Splitter } from './Splitter'

/** Height of the code pane when only its header shows. */
const COLLAPSED = '30px'

/** The middle of the IDE: the canvas over the code pane, with a splitter between them. */
export function CenterColumn() {
  const [share, setShare] = useState(0.36)
  const [collapsed, setCollapsed] = useState(false)
  const rows = `minmax(0, 1fr) ${collapsed ? '0px' : '5px'} ${collapsed ? COLLAPSED : `${share * 100}%`}`
  return (
    <main className="center" style={{ gridTemplateRows: rows }}>
      <Canvas />
      {collapsed ? (
        <div />
      ) : (
        <Splitter label="Resize code pane" value={share} min={0.15} max={0.75} onChange={setShare} />
      )}
      <CodePane collapsed={collapsed} onToggle={() => setCollapsed((c) => !c)} />
    </main>
  )
}
