import { expect, test, type Page } from '@playwright/test';
import { login, logout } from './helpers';

/** 60 rows, labels alternating, so both classes sit in the public and the private half. */
const ids = Array.from({ length: 60 }, (_, i) => `r${String(i + 1).padStart(2, '0')}`);
const label = (i: number) => (i % 3 === 0 ? 1 : 0);
const csv = (rows: Array<[string, string]>) =>
  Buffer.from(['id,prediction', ...rows.map(([id, v]) => `${id},${v}`)].join('\n') + '\n');

const key = csv(ids.map((id, i) => [id, String(label(i))]));
const perfect = csv(ids.map((id, i) => [id, label(i) ? '0.9' : '0.1']));
const coinFlip = csv(ids.map((id) => [id, '0.5']));
// Broken several ways at once: a word, a probability above 1, a duplicate, an unknown id, and
// the last ten ids missing.
const broken = csv([
  ['r01', 'high'],
  ['r02', '1.7'],
  ['r03', '0.2'],
  ['r03', '0.3'],
  ['zz99', '0.4'],
  ...ids.slice(3, 50).map((id): [string, string] => [id, '0.5']),
]);

async function upload(page: Page, testid: string, name: string, body: Buffer) {
  await page.getByTestId(testid).setInputFiles({ name, mimeType: 'text/csv', buffer: body });
}

/** Waits until the island around this element runs in the browser. */
async function hydrated(page: Page, testid: string) {
  await page.locator('[data-hydrated="true"]', { has: page.getByTestId(testid) }).first().waitFor();
}

const PANELS: Record<string, string> = {
  'tab-overview': 'overview',
  'tab-data': 'data',
  'tab-leaderboard': 'leaderboard',
  'submit-tab': 'submissions',
  'admin-tab': 'admin',
};

/** Opens a tab (a link) and waits for its panel. */
async function openTab(page: Page, tab: string) {
  await page.getByTestId(tab).click();
  await expect(page.locator(`[data-testid="tab-panel"][data-tab="${PANELS[tab]}"]`)).toBeVisible();
}

/** Alice creates a competition, uploads the key and activates it; answers its path. */
async function sponsor(page: Page, title: string): Promise<string> {
  await login(page, 'alice@demo.test');
  await page.getByTestId('nav-competitions').click();
  await page.getByTestId('new-competition').click();
  const form = page.getByTestId('competition-create');
  await expect(form).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('competition-title').fill(title);
  await page.getByTestId('competition-description-input').fill('# Churn\n\nPredict **churn**.');
  await page.getByTestId('competition-share').fill('0.5');
  await page.getByTestId('competition-create-submit').click();
  await page.waitForURL(/\/competitions\/e2e-[a-z]+-\d+\?tab=admin$/);
  const slugPath = new URL(page.url()).pathname;
  await expect(page.getByTestId('competition-status')).toHaveAttribute('data-status', 'draft');
  await expect(page.getByTestId('key-upload')).toHaveAttribute('data-hydrated', 'true');
  await upload(page, 'key-file-input', 'key.csv', key);
  await page.getByTestId('key-submit-button').click();
  await expect(page.getByTestId('key-result')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('answer-key-info')).toHaveAttribute('data-version', '1');
  await expect(page.getByTestId('activate-button')).toBeVisible();
  await hydrated(page, 'activate-button');
  await page.getByTestId('activate-button').click();
  await expect(page.getByTestId('competition-status')).toHaveAttribute('data-status', 'active');
  await expect(page.getByTestId('enroll-button')).toHaveCount(0); // sponsors do not compete
  await logout(page);
  return slugPath;
}

/** Signs in, opens the competition's Submissions tab, enrolls and uploads `body`. */
async function enrollAndSubmit(page: Page, email: string, slugPath: string, name: string, body: Buffer) {
  await login(page, email);
  await page.goto(`${slugPath}?tab=submissions`);
  await hydrated(page, 'enroll-button');
  await page.getByTestId('enroll-button').click();
  await expect(page.getByTestId('enrolled-badge')).toBeVisible();
  await expect(page.getByTestId('upload')).toHaveAttribute('data-hydrated', 'true');
  await upload(page, 'file-input', name, body);
  await page.getByTestId('submit-button').click();
  await expect(page.getByTestId('submission-rank')).toBeVisible();
}

test('sponsor runs a competition; a participant submits, sees scores and errors; invalidation changes the board', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const title = `E2E Churn ${Date.now()}`;

  // Alice sponsors: create, upload the key, activate.
  const slugPath = await sponsor(page, title);

  // Emi joins from the list and keeps her tab when the page switches to participant mode.
  await login(page, 'employee@demo.test');
  await page.goto('/competitions?q=' + encodeURIComponent(title));
  const card = page.getByTestId('competition-card').filter({ hasText: title });
  await expect(card.getByTestId('competition-role')).toHaveAttribute('data-role', 'viewer');
  await card.getByRole('link', { name: title }).click();
  await openTab(page, 'submit-tab');
  await expect(page.getByTestId('join-to-submit')).toBeVisible();
  await hydrated(page, 'enroll-button');
  await page.getByTestId('enroll-button').click();
  await expect(page.getByTestId('enrolled-badge')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('tab')).toBe('submissions');
  await expect(page.getByTestId('quota-remaining')).toHaveAttribute('data-left', '5');

  // A valid file: score and rank.
  await expect(page.getByTestId('upload')).toHaveAttribute('data-hydrated', 'true');
  await upload(page, 'file-input', 'perfect.csv', perfect);
  await page.getByTestId('submit-button').click();
  await expect(page.getByTestId('submission-score')).toHaveText('1.00000');
  await expect(page.getByTestId('submission-rank')).toHaveText('1');

  // A second, weaker file; the board keeps the best.
  await upload(page, 'file-input', 'coin.csv', coinFlip);
  await page.getByTestId('submit-button').click();
  await expect(page.getByTestId('submission-score')).toHaveText('0.50000');
  await expect(page.getByTestId('submission-previous-rank')).toContainText('1');

  // A broken file: every problem at once, nothing scored.
  await upload(page, 'file-input', 'broken.csv', broken);
  await page.getByTestId('submit-button').click();
  const errors = page.getByTestId('submission-errors');
  await expect(errors).toBeVisible();
  for (const code of ['NOT_A_NUMBER', 'VALUE_OUT_OF_RANGE', 'DUPLICATE_IDS', 'UNKNOWN_IDS', 'MISSING_IDS']) {
    await expect(errors.locator(`[data-code="${code}"]`)).toHaveCount(1);
  }
  await expect(errors.locator('[data-code="MISSING_IDS"]')).toContainText('10');

  await page.reload();
  await expect(page.getByTestId('quota-remaining')).toHaveAttribute('data-left', '3'); // invalid files do not count
  await openTab(page, 'tab-leaderboard');
  const mine = page.getByTestId('leaderboard-row').filter({ hasText: 'Emi Suzuki' });
  await expect(mine).toHaveAttribute('data-rank', '1');
  await expect(mine.getByTestId('leaderboard-score')).toHaveText('1.00000');
  await page.getByTestId('around-me-toggle').click();
  await page.waitForURL(/around=me/);
  await expect(page.getByTestId('leaderboard-row')).toHaveCount(1);
  await logout(page);

  // Alice invalidates the perfect submission; the board falls back to Emi's next best.
  await login(page, 'alice@demo.test');
  await page.goto(`${slugPath}?tab=admin`);
  await expect(page.getByTestId('stat-submissions')).toContainText('3');
  await expect(page.getByTestId('chart-per-day')).toBeVisible();
  const best = page.getByTestId('admin-submission-row').filter({ hasText: '1.00000' });
  await best.locator('[data-hydrated="true"]').first().waitFor();
  await best.getByTestId('invalidate-button').click();
  await best.getByTestId('invalidate-reason').fill('Used the answer key');
  await best.getByTestId('invalidate-confirm').click();
  await expect(page.getByTestId('admin-submission-row').filter({ hasText: 'Used the answer key' })).toHaveAttribute(
    'data-status',
    'invalidated',
  );
  await openTab(page, 'tab-leaderboard');
  const after = page.getByTestId('leaderboard-row').filter({ hasText: 'Emi Suzuki' });
  await expect(after.getByTestId('leaderboard-score')).toHaveText('0.50000');
  await logout(page);

  // Emi sees why in her history.
  await login(page, 'employee@demo.test');
  await page.goto(`${slugPath}?tab=submissions`);
  await expect(page.getByTestId('invalidation-reason')).toContainText('Used the answer key');
});

test('the demo competitions list, the ended one shows its private board', async ({ page }) => {
  await login(page, 'carol@demo.test');
  await page.goto('/competitions');
  await expect(page.getByTestId('competition-card').filter({ hasText: 'Customer churn prediction' })).toBeVisible();
  await page.goto('/competitions?status=ended');
  const ended = page.getByTestId('competition-card').filter({ hasText: 'Delivery time estimation' });
  await expect(ended).toHaveAttribute('data-status', 'ended');
  await expect(page.getByTestId('competition-card').filter({ hasText: 'Customer churn prediction' })).toHaveCount(0);
  await ended.getByRole('link').first().click();
  await openTab(page, 'tab-leaderboard');
  await expect(page.getByTestId('private-leaderboard').getByTestId('leaderboard-row')).toHaveCount(3);
});

test('a participant is told of a lost rank and an announcement, sees the move, and downloads their file', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const title = `E2E Notice ${Date.now()}`;
  const slugPath = await sponsor(page, title);

  // Emi leads with a coin flip and looks at the board: rank 1 seen.
  await enrollAndSubmit(page, 'employee@demo.test', slugPath, 'coin.csv', coinFlip);
  await expect(page.getByTestId('submission-rank')).toHaveText('1');
  await openTab(page, 'tab-leaderboard');
  await expect(page.getByTestId('header-rank')).toHaveAttribute('data-rank', '1');
  await logout(page);

  // Bob overtakes her; Alice announces.
  await enrollAndSubmit(page, 'bob@demo.test', slugPath, 'perfect.csv', perfect);
  await expect(page.getByTestId('submission-rank')).toHaveText('1');
  await logout(page);
  await login(page, 'alice@demo.test');
  await page.goto(`${slugPath}?tab=admin`);
  await expect(page.getByTestId('announce-form')).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('announce-body').fill('Heads-up: the key was checked twice.');
  // Posting reloads the page; wait for that before leaving it.
  await Promise.all([page.waitForEvent('load'), page.getByTestId('announce-submit').click()]);
  await page.goto(`${slugPath}`);
  await expect(page.getByTestId('announcement').first()).toContainText('Heads-up');
  await logout(page);

  // Emi: the bell counts, the list tells both, opening the announcement reads it.
  await login(page, 'employee@demo.test');
  const bell = page.getByTestId('notification-bell');
  await expect(page.getByTestId('unread-count')).toBeVisible();
  await bell.click();
  await page.waitForURL('**/notifications');
  const lost = page.locator('[data-testid="notification"][data-kind="rank_lost"]').filter({ hasText: title });
  await expect(lost).toHaveAttribute('data-unread', 'true');
  await expect(lost).toContainText('from #1 to #2');
  const news = page.locator('[data-testid="notification"][data-kind="announcement"]').filter({ hasText: title });
  await expect(news).toContainText('Heads-up: the key was checked twice.');
  await news.getByTestId('open-notification').click();
  await page.waitForURL((url) => url.pathname === slugPath);
  await expect(page.getByTestId('tab-overview').getByTestId('unread-marker')).toHaveCount(0);
  // The header shows the drop since her last visit, and the counts.
  const rank = page.getByTestId('header-rank');
  await expect(rank).toHaveAttribute('data-rank', '2');
  await expect(rank).toHaveAttribute('data-moved', 'down');
  await expect(rank.getByTestId('rank-movement')).toContainText('▼ 1');
  await expect(page.getByTestId('header-participants')).toContainText('2');
  await expect(page.getByTestId('header-entries')).toContainText('2');
  await page.goto('/notifications');
  await expect(news).toHaveAttribute('data-unread', 'false');

  // Her submission downloads as she uploaded it.
  await page.goto(`${slugPath}?tab=submissions`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-submission').first().click(),
  ]);
  expect(download.suggestedFilename()).toBe('coin.csv');
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(path!).equals(coinFlip)).toBe(true);
});
