import './shipping.css'
import { useMemo, useState } from 'react'
import { appStore } from '../store/appStore'
import { useApp } from '../store/useApp'
import { useSession } from '../useSession'
import { type BundleVerification, verifyBundle } from './exportBundle'
import { downloadFile, EXPORT_FORMATS, type ExportedFile, type ExportFormat } from './exportFormats'
import { exportIssues, exportModel } from './exportModel'
import { Modal } from './Modal'

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** The verification's outcome as one sentence. */
export function describeVerification(v: BundleVerification): string {
  const verdict = v.passed ? 'Verified' : 'FAILED'
  return `${verdict}: ${v.name} ${v.version}, ${v.files} file hashes match; onnxruntime-web on ${v.samples} samples: max error ${v.maxError.toExponential(2)} (tolerance ${v.tolerance.toExponential(0)}).`
}

/**
 * The export dialog: pick a format (bundle, ONNX, PyTorch, code) and what to export (a version, or
 * the current model with the run's weights), see why it cannot export before trying, download the
 * file; a bundle can then be verified in the page with onnxruntime-web.
 */
export function ExportDialog() {
  const { run } = useSession()
  const open = useApp((s) => s.shippingDialog?.kind === 'export')
  if (!open) return null
  return <ExportDialogBody run={run} />
}

function ExportDialogBody({ run }: { run: ReturnType<typeof useSession>['run'] }) {
  const versions = useApp((s) => s.versions)
  const currentVersion = useApp((s) => s.currentVersion)
  const doc = useApp((s) => s.doc)
  const [format, setFormat] = useState<ExportFormat>('bundle')
  const [subject, setSubject] = useState<string>(currentVersion ?? 'current')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ text: string; tone: 'info' | 'error' } | null>(null)
  const [bundle, setBundle] = useState<ExportedFile | null>(null)
  const [verification, setVerification] = useState<{ text: string; passed: boolean } | null>(null)

  const subjectDoc = versions.find((v) => v.version === subject)?.doc ?? doc
  const issues = useMemo(() => exportIssues(format, subjectDoc), [format, subjectDoc])
  const close = () => appStore.getState().setShippingDialog(null)

  const onExport = async () => {
    setBusy(true)
    setMessage(null)
    setVerification(null)
    try {
      const { file, from } = await exportModel(appStore, run, format, subject)
      downloadFile(file)
      if (format === 'bundle') setBundle(file)
      setMessage({
        text: `Downloaded ${file.fileName} (${file.bytes.length} bytes; weights from ${from}).`,
        tone: 'info',
      })
    } catch (e) {
      setMessage({ text: errorText(e), tone: 'error' })
    } finally {
      setBusy(false)
    }
  }

  const onVerify = async () => {
    if (!bundle) return
    setBusy(true)
    try {
      const v = await verifyBundle(bundle.bytes, bundle.fileName)
      setVerification({ text: describeVerification(v), passed: v.passed })
    } catch (e) {
      setVerification({ text: `Verification failed: ${errorText(e)}`, passed: false })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal title="Export model" testId="export-dialog" onClose={close}>
      <fieldset className="export-formats">
        <legend>Format</legend>
        {EXPORT_FORMATS.map((f) => (
          <label key={f.format} className="export-format">
            <input
              type="radio"
              name="export-format"
              value={f.format}
              checked={format === f.format}
              onChange={() => {
                setFormat(f.format)
                setMessage(null)
              }}
            />
            <span className="export-format-name">{f.label}</span>
            <span className="export-format-doc">{f.description}</span>
          </label>
        ))}
      </fieldset>
      <label className="export-subject">
        <span>Export</span>
        <select aria-label="What to export" value={subject} onChange={(e) => setSubject(e.target.value)}>
          <option value="current">The current model{currentVersion ? '' : ' (unversioned, 0.0.0)'}</option>
          {[...versions].reverse().map((v) => (
            <option key={v.version} value={v.version}>
              Version {v.version}
              {v.version === currentVersion ? ' (current)' : ''}
            </option>
          ))}
        </select>
      </label>
      {issues.length > 0 ? (
        <div className="export-issues" role="alert" data-testid="export-issues">
          <p>This model cannot be exported as {format} until these are fixed:</p>
          <ul>
            {issues.map((i) => (
              <li key={`${i.node}:${i.message}`}>
                {i.node && <code>{i.node}</code>} {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="export-ok" data-testid="export-ready">
          Every node the outputs need can be exported.
        </p>
      )}
      <div className="modal-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || issues.length > 0}
          onClick={() => void onExport()}
        >
          Export
        </button>
        {format === 'bundle' && (
          <button type="button" className="btn" disabled={busy || !bundle} onClick={() => void onVerify()}>
            Verify in browser
          </button>
        )}
      </div>
      <p
        className={message?.tone === 'error' ? 'export-message export-error' : 'export-message'}
        role="status"
        data-testid="export-message"
      >
        {message?.text ?? ''}
      </p>
      {verification && (
        <p
          className={verification.passed ? 'export-message' : 'export-message export-error'}
          role="status"
          data-testid="verify-result"
          data-passed={verification.passed}
        >
          {verification.text}
        </p>
      )}
    </Modal>
  )
}
