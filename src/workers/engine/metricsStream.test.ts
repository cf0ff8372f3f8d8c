import { describe, expect, it } from 'vitest'
import { MetricsStream } from './metricsStream'
import type { MetricsEvent } from './protocol'

describe('MetricsStream', () => {
  it('sends batched losses once the interval has passed, with the rate over that interval', () => {
    let clock = 0
    const sent: MetricsEvent[] = []
    const stream = new MetricsStream(
      (e) => sent.push(e),
      () => clock,
      50,
    )
    for (let s = 1; s <= 4; s++) {
      clock += 10
      stream.addTrain(s, 1 / s)
      stream.flush()
    }
    expect(sent).toHaveLength(0)
    clock += 10
    stream.addTrain(5, 0.2)
    stream.flush()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.train.map((p) => p.step)).toEqual([1, 2, 3, 4, 5])
    expect(sent[0]!.stepsPerSecond).toBeCloseTo(100)
  })

  it('sends at once when forced, nothing when there is nothing to send, and forgets rewound steps', () => {
    let clock = 0
    const sent: MetricsEvent[] = []
    const stream = new MetricsStream(
      (e) => sent.push(e),
      () => clock,
      50,
    )
    stream.flush(true)
    expect(sent).toHaveLength(0)
    stream.addTrain(1, 0.5)
    stream.addTrain(2, 0.4)
    stream.addTrain(3, 0.3)
    stream.rewind(1)
    stream.addValidation({ epoch: 1, step: 3, loss: 0.3, accuracy: 0.9 })
    clock += 1
    stream.flush(true)
    expect(sent).toEqual([
      {
        type: 'metrics',
        train: [{ step: 1, loss: 0.5 }],
        validation: [{ epoch: 1, step: 3, loss: 0.3, accuracy: 0.9 }],
        stepsPerSecond: 3000,
      },
    ])
  })
})
