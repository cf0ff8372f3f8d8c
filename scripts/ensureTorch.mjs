#!/usr/bin/env node
// The PyTorch export tests (src/graph/pytorch) run the exported model.py and train.py in Debian's
// python3-torch. Installs it with apt-get when /usr/bin/python3 cannot import torch (CI and fresh
// machines run as root); without it those tests skip, saying why.
import { execSync, spawnSync } from 'node:child_process'

const PYTHON = process.env.TRIAD_PYTHON ?? '/usr/bin/python3'
const hasTorch = () => spawnSync(PYTHON, ['-c', 'import torch, numpy'], { stdio: 'ignore' }).status === 0
if (hasTorch()) process.exit(0)
console.log(`${PYTHON} cannot import torch: installing Debian's python3-torch (apt-get)...`)
const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : ''
try {
  execSync(
    `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy`,
    { stdio: 'inherit' },
  )
} catch {
  console.error('Could not install python3-torch with apt-get. Install it by hand or set TRIAD_PYTHON.')
  process.exit(1)
}
if (!hasTorch()) {
  console.error(`apt-get finished but ${PYTHON} still cannot import torch.`)
  process.exit(1)
}
