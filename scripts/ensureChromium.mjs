#!/usr/bin/env node
// Playwright cannot download browsers on these machines; the tests drive Debian's chromium.
// Installs it with apt-get when it is missing (CI and fresh machines run as root).
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = process.env.TRIAD_CHROMIUM ?? '/usr/bin/chromium'
if (existsSync(CHROMIUM)) process.exit(0)
console.log(`${CHROMIUM} is missing: installing Debian's chromium package (apt-get)...`)
const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : ''
try {
  execSync(
    `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`,
    {
      stdio: 'inherit',
    },
  )
} catch {
  console.error(
    'Could not install chromium with apt-get. Install it by hand (apt-get install chromium) or set TRIAD_CHROMIUM.',
  )
  process.exit(1)
}
if (!existsSync(CHROMIUM)) {
  console.error(`apt-get finished but ${CHROMIUM} is still missing.`)
  process.exit(1)
}
