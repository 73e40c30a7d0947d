import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's chromium: these machines cannot download browser builds, so the tests use the system's. */
export const CHROMIUM = process.env.VET_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The system chromium, launched headless; undefined with the reason when it cannot start. A test
 * that needs it skips locally and fails under CI=true, where .ci/run installs it.
 */
export async function launchChromium(): Promise<{ browser?: Browser; reason?: string }> {
  if (!existsSync(CHROMIUM)) return { reason: `${CHROMIUM} is not installed (apt-get install -y chromium)` };
  try {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    return { browser };
  } catch (e) {
    return { reason: `chromium did not start: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** Whether a test may skip for want of a browser: never under CI. */
export function maySkip(): boolean {
  return process.env.CI !== 'true';
}
