/**
 * A real browser for end-to-end tests: Debian's chromium driven by playwright-core.
 * `launchChromium()` answers either a browser or the reason there is none, so a
 * test can skip with that reason printed instead of failing on a machine without
 * chromium (CI installs it: `.ci/run`).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

/** CHROMIUM_PATH overrides the Debian path. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Without these, chromium opens background connections (component updates, sync,
 * QUIC probes) that a closed network refuses, which slows or breaks start-up.
 */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where screenshots go (gitignored). */
export const ARTIFACTS_DIR = join(process.cwd(), 'test-artifacts');

export type LaunchResult = { ok: true; browser: Browser } | { ok: false; reason: string };

export async function launchChromium(): Promise<LaunchResult> {
  if (!existsSync(CHROMIUM_PATH)) {
    return { ok: false, reason: `chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)` };
  }
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    return { ok: false, reason: `playwright-core is not installed: ${(e as Error).message}` };
  }
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
    return { ok: true, browser };
  } catch (e) {
    return { ok: false, reason: `chromium did not start: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** Save a full-page screenshot as test-artifacts/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Collect console errors and page errors, so a test can assert the page ran clean. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}
