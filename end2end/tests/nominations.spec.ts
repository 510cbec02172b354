import { expect, test, type Page } from '@playwright/test';
import { login, logout } from './helpers';

/** Opens the admin editor of the cycle with this name. */
async function openCycleEditor(page: Page, name: string): Promise<void> {
  await page.goto('/admin/cycles');
  await page.getByTestId('cycle-row').filter({ hasText: name }).getByTestId('cycle-manage').click();
  await expect(page.getByTestId('cycle-editor')).toHaveAttribute('data-hydrated', 'true');
}

/** Clicks a lifecycle button and confirms it in the dialog. */
async function step(page: Page, button: 'cycle-open' | 'cycle-close' | 'cycle-finalize', status: string) {
  await page.getByTestId(button).click();
  const dialog = page.getByTestId('confirm-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('confirm-yes').click();
  await expect(page.getByTestId('cycle-editor').getByTestId('cycle-status').first()).toHaveAttribute(
    'data-status',
    status,
  );
}

test('a cycle goes from draft to a finalized leaderboard everyone can read', async ({ page }) => {
  test.setTimeout(180_000);
  const name = `E2E Recognition ${Date.now()}`;

  // HR creates the cycle and its two criteria; the badge guards opening until 100%.
  await login(page, 'hr@demo.test');
  await page.getByTestId('nav-nominations').click();
  await page.getByTestId('manage-cycles-link').click();
  await expect(page.getByTestId('cycle-create')).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('cycle-new').click();
  await page.getByTestId('cycle-name').fill(name);
  await page.getByTestId('cycle-description-input').fill('Recognize great work this quarter.');
  await page.getByTestId('cycle-create-submit').click();
  await page.waitForURL(/\/admin\/cycles\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('cycle-editor')).toHaveAttribute('data-hydrated', 'true');

  const sum = page.getByTestId('criteria-sum');
  await expect(sum).toHaveAttribute('data-state', 'under');
  await expect(page.getByTestId('cycle-open')).toBeDisabled();

  await page.getByTestId('new-criterion-name').fill('Impact');
  await page.getByTestId('new-criterion-weight').fill('0.6');
  await page.getByTestId('criterion-add').click();
  await expect(page.getByTestId('criterion-row')).toHaveCount(1);
  await expect(sum).toHaveText('Weights: 60 / 100%');
  await expect(sum).toHaveAttribute('data-state', 'under');

  await page.getByTestId('new-criterion-name').fill('Teamwork');
  await page.getByTestId('new-criterion-weight').fill('0.5');
  await page.getByTestId('criterion-add').click();
  await expect(page.getByTestId('criterion-row')).toHaveCount(2);
  await expect(sum).toHaveText('Weights: 110 / 100%');
  await expect(sum).toHaveAttribute('data-state', 'over');
  await expect(page.getByTestId('cycle-open')).toBeDisabled();

  // Typing a weight updates the badge live; saving it unblocks opening.
  const teamwork = page.getByTestId('criterion-row').nth(1);
  await teamwork.getByTestId('criterion-weight').fill('0.4');
  await expect(sum).toHaveText('Weights: 100 / 100%');
  await expect(sum).toHaveAttribute('data-state', 'met');
  await expect(page.getByTestId('cycle-open')).toBeDisabled(); // unsaved change
  await teamwork.getByTestId('criterion-save').click();
  await expect(page.getByTestId('cycle-open')).toBeEnabled();
  await step(page, 'cycle-open', 'open');
  await expect(page.getByTestId('cycle-locked')).toBeVisible();
  await logout(page);

  // The manager nominates an employee; the total follows the scores as they are typed.
  await login(page, 'manager@demo.test');
  await page.getByTestId('nav-nominations').click();
  const row = page.getByTestId('cycle-row').filter({ hasText: name });
  await expect(row).toHaveAttribute('data-status', 'open');
  await row.getByTestId('nominate-button').click();
  const form = page.getByTestId('nominate-form');
  await expect(form).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('nominee-select').selectOption({ label: 'Emi Suzuki (employee@demo.test)' });
  const scores = page.getByTestId('criterion-score');
  await expect(scores).toHaveCount(2);
  await scores.nth(0).fill('5');
  await expect(page.getByTestId('nomination-total')).toHaveText('Weighted total: 3');
  await scores.nth(1).fill('4');
  await expect(page.getByTestId('nomination-total')).toHaveText('Weighted total: 4.6');

  // A score outside the scale is refused before anything is sent.
  await scores.nth(1).fill('9');
  await page.getByTestId('nomination-justification').fill('Shipped the onboarding flow early.');
  await page.getByTestId('nomination-submit').click();
  await expect(page.getByTestId('nomination-error')).toContainText('within the scale');
  await scores.nth(1).fill('4');
  await page.getByTestId('nomination-submit').click();
  await expect(page.getByTestId('nomination-success')).toContainText('Emi Suzuki');

  // Nominating the same person again is a clear conflict.
  await page.getByTestId('nominee-select').selectOption({ label: 'Emi Suzuki (employee@demo.test)' });
  await scores.nth(0).fill('3');
  await scores.nth(1).fill('3');
  await page.getByTestId('nomination-justification').fill('Again.');
  await page.getByTestId('nomination-submit').click();
  await expect(page.getByTestId('nomination-error')).toHaveText(
    'You have already nominated this person in this cycle.',
  );

  // The submitter cannot decide their own nomination.
  await page.goto(page.url().replace(/\/nominate$/, '/review'));
  const own = page.getByTestId('review-item').filter({ hasText: 'Emi Suzuki' });
  await expect(own.getByTestId('cannot-decide')).toBeVisible();
  await expect(own.getByTestId('nomination-approve')).toHaveCount(0);
  await logout(page);

  // HR approves it.
  await login(page, 'hr@demo.test');
  await page.getByTestId('nav-nominations').click();
  await page.getByTestId('cycle-row').filter({ hasText: name }).getByTestId('review-link').click();
  await expect(page.getByTestId('nomination-review')).toHaveAttribute('data-hydrated', 'true');
  const item = page.getByTestId('review-item').filter({ hasText: 'Emi Suzuki' });
  await expect(item.getByTestId('review-score')).toHaveText('4.6');
  await item.getByTestId('nomination-approve').click();
  await expect(page.getByTestId('decided-item').filter({ hasText: 'Emi Suzuki' }).getByTestId('nomination-status'))
    .toHaveAttribute('data-status', 'approved');
  await expect(page.getByTestId('pending-empty')).toBeVisible();

  // HR closes and finalizes; the leaderboard shows the nominee first with the right total.
  await openCycleEditor(page, name);
  await step(page, 'cycle-close', 'closed');
  await step(page, 'cycle-finalize', 'finalized');
  await page.getByTestId('leaderboard-link').click();
  const first = page.getByTestId('leaderboard-row').first();
  await expect(first).toHaveAttribute('data-rank', '1');
  await expect(first).toContainText('Emi Suzuki');
  await expect(first.getByTestId('leaderboard-total')).toHaveText('4.6');
  await logout(page);

  // Once finalized, an employee reads the leaderboard and the history.
  await login(page, 'alice@demo.test');
  await page.getByTestId('nav-nominations').click();
  await page.getByTestId('cycle-row').filter({ hasText: name }).getByTestId('leaderboard-link').click();
  await expect(page.getByTestId('leaderboard-row').first()).toHaveAttribute('data-rank', '1');
  await expect(page.getByTestId('leaderboard-row').first().getByTestId('leaderboard-total')).toHaveText('4.6');
  await page.goto('/nominations/history');
  await expect(page.getByTestId('history-cycle').filter({ hasText: name })).toContainText('Emi Suzuki');
});

test('a rejected nomination shows its submitter who rejected it and why', async ({ page }) => {
  const cycle = 'FY2026 H2 Recognition';
  const reason = 'Please add what changed for the customers.';

  // The manager nominates Carol in the demo's open cycle.
  await login(page, 'manager@demo.test');
  await page.getByTestId('nav-nominations').click();
  await page.getByTestId('cycle-row').filter({ hasText: cycle }).getByTestId('nominate-button').click();
  await expect(page.getByTestId('nominate-form')).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('nominee-select').selectOption({ label: 'Carol Ito (carol@demo.test)' });
  const scores = page.getByTestId('criterion-score');
  await scores.nth(0).fill('4');
  await scores.nth(1).fill('4');
  await page.getByTestId('nomination-justification').fill('Kept the Kansai accounts happy.');
  await page.getByTestId('nomination-submit').click();
  await expect(page.getByTestId('nomination-success')).toContainText('Carol Ito');
  await logout(page);

  // HR rejects it with a reason; the decided list shows who, when and why at once.
  await login(page, 'hr@demo.test');
  await page.getByTestId('nav-nominations').click();
  await page.getByTestId('cycle-row').filter({ hasText: cycle }).getByTestId('review-link').click();
  await expect(page.getByTestId('nomination-review')).toHaveAttribute('data-hydrated', 'true');
  const item = page.getByTestId('review-item').filter({ hasText: 'Carol Ito' });
  await item.getByTestId('decision-note-input').fill(reason);
  await item.getByTestId('nomination-reject').click();
  const decided = page.getByTestId('decided-item').filter({ hasText: 'Carol Ito' });
  await expect(decided.getByTestId('nomination-status')).toHaveAttribute('data-status', 'rejected');
  await expect(decided.getByTestId('nomination-decision')).toContainText('by Hiro Tanaka (HR)');
  await expect(decided.getByTestId('decision-note')).toHaveText(`Reason: ${reason}`);
  await logout(page);

  // The submitter reads the decision on the cycle's page.
  await login(page, 'manager@demo.test');
  await page.getByTestId('nav-nominations').click();
  await page.getByTestId('cycle-row').filter({ hasText: cycle }).getByRole('link', { name: cycle }).click();
  const mine = page.getByTestId('my-nomination').filter({ hasText: 'Carol Ito' });
  await expect(mine.getByTestId('nomination-status')).toHaveAttribute('data-status', 'rejected');
  await expect(mine.getByTestId('nomination-decision')).toContainText('by Hiro Tanaka (HR)');
  await expect(mine.getByTestId('decision-note')).toHaveText(`Reason: ${reason}`);
});

test('the demo history shows a shared rank and employees cannot see live results', async ({ page }) => {
  await login(page, 'employee@demo.test');
  await page.goto('/nominations/history');
  const demo = page.getByTestId('history-cycle').filter({ hasText: 'FY2026 H1 Recognition' });
  const rows = demo.getByTestId('leaderboard-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toHaveAttribute('data-rank', '1');
  await expect(rows.nth(1)).toHaveAttribute('data-rank', '1');
  await expect(rows.nth(1)).toHaveAttribute('data-tied', 'true');
  await expect(rows.nth(2)).toHaveAttribute('data-rank', '2');
  await expect(rows.nth(0).getByTestId('leaderboard-total')).toHaveText('4.5');

  // The CSV export carries the same frozen results.
  const csv = await page.request.get((await demo.getByTestId('history-csv').getAttribute('href'))!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const text = await csv.text();
  expect(text).toContain('rank,nominee_id,nominee,total,approved_nominations');
  expect(text).toMatch(/1,[0-9a-f-]{36},Alice Baker,4\.5,1/);

  // The open cycle's live leaderboard is for HR and admins only.
  await page.getByTestId('nav-nominations').click();
  const open = page.getByTestId('cycle-row').filter({ hasText: 'FY2026 H2 Recognition' });
  await expect(open.getByTestId('leaderboard-link')).toHaveCount(0);
  await expect(open.getByTestId('nominate-button')).toHaveCount(0);
  await open.getByRole('link', { name: 'FY2026 H2 Recognition' }).click();
  await expect(page.getByTestId('criterion-row')).toHaveCount(2);
  const href = page.url() + '/leaderboard';
  const response = await page.goto(href);
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('leaderboard-hidden')).toBeVisible();
});
