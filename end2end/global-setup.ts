import type { FullConfig } from '@playwright/test';

// `cargo leptos end-to-end` and scripts/test.sh start the server and the tests at the same
// time; the server first migrates and seeds the database, so wait until it says it is ready
// instead of letting the first tests fail with "connection refused".
const DEADLINE_MS = 120_000;
const INTERVAL_MS = 500;

export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL =
    (config.projects[0]?.use?.baseURL as string | undefined) ||
    process.env.MERIT_E2E_BASE_URL ||
    'http://127.0.0.1:3000';
  const url = new URL('/api/health/ready', baseURL).toString();
  const started = Date.now();
  let last = 'no answer yet';

  while (Date.now() - started < DEADLINE_MS) {
    try {
      // A short per-request timeout so one hung connection cannot eat the whole budget.
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }

  throw new Error(
    `Merit did not become ready: ${url} gave no 200 within ${DEADLINE_MS / 1000} s ` +
      `(last: ${last}). Is the server running on ${baseURL}? Check its log ` +
      `(scripts/test.sh writes target/e2e-server.log).`,
  );
}
