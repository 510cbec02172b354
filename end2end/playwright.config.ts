import { defineConfig, devices } from '@playwright/test';

// The server under test is started outside Playwright (scripts/test.sh), so the base URL
// comes from the environment; the default matches `scripts/run.sh`.
const baseURL = process.env.MERIT_E2E_BASE_URL || 'http://127.0.0.1:3000';

// Playwright cannot download its own browsers on this offline machine: drive Debian's
// Chromium instead. The flags keep it from reaching for the network (updates, sync,
// QUIC probes) and make it run as root inside a container.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './tests',
  // One worker, in order: the tests share one server and one database, sign-in throttling
  // counts failures per account, and the machine has two cores.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  globalSetup: './global-setup.ts',
  use: {
    baseURL,
    // The UI language follows Accept-Language; pin it so English text assertions hold
    // whatever the machine's locale is. Tests that need Japanese override it.
    locale: 'en-US',
    launchOptions,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      // A project's `use` replaces top-level keys it names; the device preset carries no
      // launchOptions today, but spell them out so a future preset cannot drop them.
      use: { ...devices['Desktop Chrome'], locale: 'en-US', launchOptions },
    },
  ],
});
