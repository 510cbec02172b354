import { expect, test } from '@playwright/test';
import { login } from './helpers';

test('a participant opens a score receipt and sees the formula with its numbers', async ({ page }) => {
  await login(page, 'alice@demo.test');
  await page.goto('/competitions/customer-churn-prediction?tab=submissions');
  await page.getByTestId('receipt-link').first().click();
  await page.waitForURL(/\/submissions\/[0-9a-f-]{36}\/receipt$/);
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toHaveAttribute('data-reproduced', 'true');
  const publicPart = page.locator('[data-testid="receipt-part"][data-part="public"]');
  // The AUC formula, then the same with the rank sum and counts filled in, then the score.
  await expect(publicPart.getByTestId('receipt-formula')).toContainText('AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ × n₋) = (');
  await expect(publicPart.getByTestId('receipt-formula')).toHaveText(/\) = (0\.\d+|1)$/);
  await expect(page.getByTestId('receipt-file-sha')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('receipt-command')).toContainText('merit score --metric auc');
  // Before the deadline all rows and the private part stay hidden from participants.
  await expect(page.getByTestId('receipt-hidden')).toHaveCount(2);
});

test('the leaderboard shows the baselines as unranked reference rows', async ({ page }) => {
  await login(page, 'employee@demo.test');
  await page.goto('/competitions/customer-churn-prediction?tab=leaderboard');
  const board = page.getByTestId('public-leaderboard');
  await expect(board.getByTestId('baseline-row')).toHaveCount(3);
  await expect(board.locator('[data-baseline="perfect"]').getByTestId('baseline-score')).toHaveText(/^1(\.0+)?$/);
  await expect(board.locator('[data-baseline="constant"]').getByTestId('baseline-score')).toHaveText(/^0\.50*$/);
  // The perfect baseline sits above every participant, and no baseline has a rank.
  const first = board.locator('tbody tr').first();
  await expect(first).toHaveAttribute('data-baseline', 'perfect');
  await expect(board.getByTestId('leaderboard-row').first()).toHaveAttribute('data-rank', '1');
  await expect(page.getByTestId('baselines-note')).toBeVisible();
});

test('the leaderboard groups statistically tied participants and shows their intervals', async ({ page }) => {
  await login(page, 'employee@demo.test');
  // The bands are worked out in the background after the standings change: reload until
  // they are there, then a tied group is marked on each of its rows.
  await expect(async () => {
    await page.goto('/competitions/customer-churn-prediction?tab=leaderboard');
    const board = page.getByTestId('public-leaderboard');
    await expect(page.getByTestId('bands-note')).toBeVisible({ timeout: 1000 });
    const tied = board.locator('[data-testid="leaderboard-row"][data-tie-group]');
    const group = await tied.first().getAttribute('data-tie-group', { timeout: 1000 });
    expect(await board.locator(`[data-tie-group="${group}"]`).count()).toBeGreaterThanOrEqual(2);
    await expect(tied.first().getByTestId('tie-marker')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('public-leaderboard').getByTestId('score-interval').first()).toHaveText(
    /^\d\.\d{5} – \d\.\d{5}$/,
  );
});

test('hr opens the calibration view of the finalized demo cycle', async ({ page }) => {
  await login(page, 'hr@demo.test');
  await page.goto('/nominations/history');
  await page.getByTestId('history-archive').first().click();
  await page.waitForURL(/\/nominations\/history\/[0-9a-f-]{36}$/);
  await page.getByTestId('calibration-link').click();
  await page.waitForURL(/\/nominations\/[0-9a-f-]{36}\/calibration$/);
  await expect(page.getByTestId('calibration-nominee').first()).toBeVisible();
  await expect(page.getByTestId('calibration-scale')).toContainText('mean');
  // The demo's nominators have fewer than three nominations each: kept raw and marked.
  const nominators = page.getByTestId('calibration-nominator');
  await expect(nominators.first()).toBeVisible();
  await expect(page.locator('[data-testid="calibration-nominator"][data-standardized="false"]').first()).toBeVisible();
});

test('an admin verifies the tamper-evident record', async ({ page }) => {
  await login(page, 'admin@demo.test');
  await page.goto('/admin/audit');
  await page.getByTestId('audit-verify').click();
  await page.waitForURL(/verify=1/);
  await expect(page.getByTestId('audit-verification')).toHaveAttribute('data-intact', 'true');
});
