#!/usr/bin/env node
// Runs before `npm test`: makes sure the browser tests have a Chromium (installs Debian's when it can), or stops
// with one line saying what to install. SDF_SKIP_BROWSER=1 skips the browser tests and this step.
import { register } from 'tsx/esm/api';

if (process.env.SDF_SKIP_BROWSER !== '1') {
  register();
  const { CHROMIUM_MISSING, findChromium, installChromium } = await import('../platform/chromium.ts');
  if (!findChromium() && !installChromium()) {
    console.error(CHROMIUM_MISSING);
    process.exit(1);
  }
}
