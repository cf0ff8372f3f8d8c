import { useEffect, useState } from 'react'
import { MNIST_FILES, type MnistFiles } from '../../engine/data/mnist'
import type { AppStore } from '../store/appState'
import { followCompiledSetup } from './compiledSetup'
import { type DataSetup, loadTaskData, type TaskData } from './taskData'

/** MNIST's files from the app's `data/` (the engine worker fetches the same URLs; the second fetch is cached). */
async function fetchMnist(): Promise<MnistFiles> {
  const get = async (file: string) => {
    const url = `${import.meta.env.BASE_URL}data/${file}`
    const response = await fetch(url)
    if (!response.ok)
      throw new Error(`mnist: ${url} answered ${response.status} (run npm run data, then rebuild).`)
    return new Uint8Array(await response.arrayBuffer())
  }
  const [images, labels] = await Promise.all([get(MNIST_FILES.images), get(MNIST_FILES.labels)])
  return { images, labels }
}

/** The task data of the compiled run, as it loads. */
export type TaskDataState =
  | { readonly status: 'none' }
  | { readonly status: 'loading'; readonly setup: DataSetup }
  | { readonly status: 'ready'; readonly setup: DataSetup; readonly data: TaskData }
  | { readonly status: 'error'; readonly setup: DataSetup; readonly message: string }

/** Loads the data of the model the worker compiled (see `followCompiledSetup`), again when it changes. */
export function useTaskData(store: AppStore): TaskDataState {
  const [state, setState] = useState<TaskDataState>({ status: 'none' })
  useEffect(() => {
    let latest = 0
    const unsubscribe = followCompiledSetup(store, (setup) => {
      const ticket = ++latest
      if (!setup) {
        setState({ status: 'none' })
        return
      }
      setState({ status: 'loading', setup })
      loadTaskData(setup, { mnist: fetchMnist }).then(
        (data) => ticket === latest && setState({ status: 'ready', setup, data }),
        (e: unknown) =>
          ticket === latest &&
          setState({ status: 'error', setup, message: e instanceof Error ? e.message : String(e) }),
      )
    })
    return () => {
      latest = -1
      unsubscribe()
    }
  }, [store])
  return state
}
