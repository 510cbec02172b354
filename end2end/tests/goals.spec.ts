import { expect, test } from '@playwright/test';
import { login, logout } from './helpers';

test('a stage change flows into a goal sheet that is submitted and approved', async ({ page }) => {
  test.setTimeout(120_000);

  // The admin moves stage 4 to 85/15/10 in the modal; live validation guards Save.
  await login(page, 'admin@demo.test');
  await page.goto('/admin/stage-weights');
  await expect(page.getByTestId('stage-weights')).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('stage-edit-4').click();
  const modal = page.getByTestId('modal');
  await expect(modal).toBeVisible();
  await expect(modal).toContainText('定量');
  const quantitative = page.getByTestId('weight-input-quantitative');
  await quantitative.fill('120');
  await expect(page.getByTestId('weight-save')).toBeDisabled();
  await quantitative.fill('85');
  await page.getByTestId('weight-input-qualitative').fill('15');
  await page.getByTestId('weight-input-competency').fill('10');
  await expect(page.getByTestId('weight-save')).toBeEnabled();
  await page.getByTestId('weight-save').click();
  await expect(modal).toBeHidden();
  const row = page.getByTestId('stage-row-4');
  await expect(row.getByTestId('stage-quantitative')).toHaveText('85');
  await expect(row.getByTestId('stage-qualitative')).toHaveText('15');

  // It is stored, and the history drawer (loaded on opening) shows the change.
  await page.reload();
  await expect(page.getByTestId('stage-weights')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByTestId('stage-row-4').getByTestId('stage-quantitative')).toHaveText('85');
  await expect(page.getByTestId('stage-row-6').getByTestId('stage-qualitative')).toHaveText('-');
  await page.getByTestId('stage-history-4').click();
  const history = page.getByTestId('weight-history');
  await expect(history).toBeVisible();
  await expect(history).toContainText('80 / 20 / 10 → 85 / 15 / 10');
  await expect(history).toContainText('Aiko Admin');
  await page.keyboard.press('Escape');
  await expect(history).toBeHidden();
  await logout(page);

  // The employee (stage 4) fills the sheet against the new budget.
  await login(page, 'employee@demo.test');
  await page.getByTestId('nav-goals').click();
  const sheet = page.getByTestId('goal-sheet');
  await expect(sheet).toHaveAttribute('data-hydrated', 'true');
  const badge = page.getByTestId('budget-badge-quantitative');
  await expect(badge).toHaveText('Quantitative: 0 / 85% allocated');
  await expect(badge).toHaveAttribute('data-state', 'under');

  await page.getByTestId('goal-add-quantitative').click();
  await page.getByTestId('goal-add-quantitative').click();
  const goals = page.getByTestId('goal-section-quantitative').getByTestId('goal-row');
  await expect(goals).toHaveCount(2);
  await expect(goals.nth(0).getByTestId('goal-weight')).toHaveValue('42.5');
  await expect(goals.nth(1).getByTestId('goal-weight')).toHaveValue('42.5');
  await goals.nth(0).getByTestId('goal-title').fill('Grow revenue');
  await goals.nth(1).getByTestId('goal-title').fill('Improve margin');
  await goals.nth(0).getByTestId('goal-weight').fill('40');
  await expect(badge).toHaveAttribute('data-state', 'under');
  await expect(badge).toHaveText('Quantitative: 82.5 / 85% allocated');
  await expect(page.getByTestId('goal-helper-quantitative')).toHaveText(
    'Allocate the remaining 2.5% to quantitative goals.',
  );

  await page.getByTestId('goal-add-qualitative').click();
  await page.getByTestId('goal-section-qualitative').getByTestId('goal-title').fill('Launch the partner portal');
  await page.getByTestId('goal-add-competency').click();
  await page.getByTestId('goal-section-competency').getByTestId('goal-title').fill('Coach a new teammate');
  await expect(page.getByTestId('budget-badge-qualitative')).toHaveAttribute('data-state', 'met');
  await expect(page.getByTestId('budget-badge-competency')).toHaveAttribute('data-state', 'met');
  await expect(page.getByTestId('goal-submit')).toBeDisabled();

  await goals.nth(1).getByTestId('goal-fill-remaining').click();
  await expect(goals.nth(1).getByTestId('goal-weight')).toHaveValue('45');
  await expect(badge).toHaveAttribute('data-state', 'met');
  await expect(sheet.getByTestId('toast')).toContainText("Stage 4's 85%/15% allocation is complete.");
  await expect(page.getByTestId('goal-submit')).toBeEnabled();
  await page.getByTestId('goal-submit').click();
  await expect(page.getByTestId('goal-status')).toHaveAttribute('data-status', 'submitted');
  // Submitted: shown as text, without inputs or buttons that do nothing.
  await expect(page.getByTestId('goal-submit')).toHaveCount(0);
  await expect(page.getByTestId('goal-title-text').first()).toHaveText('Grow revenue');
  await logout(page);

  // The manager approves it from the team list.
  await login(page, 'manager@demo.test');
  await page.getByTestId('nav-team-goals').click();
  const member = page.locator('[data-testid=team-sheet-row][data-email="employee@demo.test"]');
  await expect(member.getByTestId('team-sheet-status')).toHaveText('Submitted');
  await member.getByTestId('team-sheet-open').click();
  await expect(page.getByTestId('review-goal')).toHaveCount(4);
  await expect(page.getByTestId('sheet-review')).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('sheet-approve').click();
  await expect(page.getByTestId('goal-status')).toHaveAttribute('data-status', 'approved');
  await logout(page);

  // The employee sees it approved, read-only.
  await login(page, 'employee@demo.test');
  await page.goto('/goals');
  await expect(page.getByTestId('goal-status')).toHaveAttribute('data-status', 'approved');
  await expect(page.getByTestId('goal-status')).toContainText('Approved');
  await expect(page.getByTestId('goal-add-quantitative')).toHaveCount(0);
  await expect(page.getByTestId('goal-title')).toHaveCount(0);
  await expect(page.getByTestId('goal-weight-text')).toHaveText(['40%', '45%', '15%', '10%']);
});

test('a zero-budget category is shown as not evaluated', async ({ page }) => {
  // Dave is on stage 6: 100 / 0 / 10.
  await login(page, 'dave@demo.test');
  await page.goto('/goals');
  await expect(page.getByTestId('goal-sheet')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByTestId('goal-zero-qualitative')).toHaveText(
    'qualitative goals are not evaluated at this stage (0%)',
  );
  const add = page.getByTestId('goal-add-qualitative');
  await expect(add).toBeDisabled();
  // The disabled control says why, as a tooltip and to screen readers.
  await expect(add).toHaveAttribute('title', 'qualitative goals are not evaluated at this stage (0%)');
  await expect(add).toHaveAttribute('aria-describedby', 'goal-zero-qualitative');
  await expect(page.getByTestId('budget-badge-qualitative')).toHaveAttribute('data-state', 'met');
});

test('a stale edit shows the conflict and the current values', async ({ browser, baseURL }) => {
  // Two admins open the same stage; the second to save is told and shown the new values.
  const open = async () => (await browser.newContext({ baseURL, locale: 'en-US' })).newPage();
  const first = await open();
  const second = await open();
  for (const page of [first, second]) {
    await login(page, 'admin@demo.test');
    await page.goto('/admin/stage-weights');
    await expect(page.getByTestId('stage-weights')).toHaveAttribute('data-hydrated', 'true');
    await page.getByTestId('stage-edit-2').click();
  }
  await first.getByTestId('weight-input-quantitative').fill('60');
  await first.getByTestId('weight-input-qualitative').fill('40');
  await first.getByTestId('weight-save').click();
  await expect(first.getByTestId('modal')).toBeHidden();

  await second.getByTestId('weight-input-quantitative').fill('75');
  await second.getByTestId('weight-input-qualitative').fill('25');
  await second.getByTestId('weight-save').click();
  await expect(second.getByTestId('weight-error')).toContainText('Someone else saved this stage first');
  await expect(second.getByTestId('weight-input-quantitative')).toHaveValue('60');
  await expect(second.getByTestId('stage-row-2').getByTestId('stage-quantitative')).toHaveText('60');
});

test("an employee's home page shows a returned sheet with the manager's comment and leads to the fix", async ({
  page,
}) => {
  test.setTimeout(120_000);
  // Bob (stage 3: 70/30/10) submits a sheet through the API; his manager returns it.
  await login(page, 'bob@demo.test');
  const goals = [
    { category: 'quantitative', title: 'Close 12 deals', weight: 70 },
    { category: 'qualitative', title: 'Partner programme', weight: 30 },
    { category: 'competency', title: 'Mentoring', weight: 10 },
  ];
  expect((await page.request.put('/api/v1/goal-sheets/current', { data: { goals } })).ok()).toBe(true);
  const submitted = await page.request.post('/api/v1/goal-sheets/current/submit');
  expect(submitted.ok()).toBe(true);
  const sheetId = (await submitted.json()).id as string;
  await expect(page.getByTestId('home-sheet-state')).toBeVisible();
  await logout(page);
  await login(page, 'manager@demo.test');
  // It waits on the manager's home page, linked to the review.
  await expect(page.locator(`[data-testid="home-waiting-sheet"] a[href="/team/goals/${sheetId}"]`)).toBeVisible();
  const returned = await page.request.post(`/api/v1/goal-sheets/${sheetId}/return`, {
    data: { comment: 'Make the partner goal measurable: how many partners by when?' },
  });
  expect(returned.ok()).toBe(true);
  await logout(page);

  // Bob's home page says what happened and what to do, with the comment.
  await login(page, 'bob@demo.test');
  await page.goto('/');
  await expect(page.getByTestId('home-sheet-state')).toHaveAttribute('data-next', 'FixReturned');
  await expect(page.getByTestId('home-sheet-comment')).toContainText('how many partners by when?');
  await expect(page.getByTestId('notification-bell')).not.toHaveAttribute('data-unread', '0');
  await page.getByTestId('home-sheet-action').click();
  await page.waitForURL('**/goals');
  const sheet = page.getByTestId('goal-sheet');
  await expect(sheet).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByTestId('goal-status')).toHaveAttribute('data-status', 'returned');
  await page.getByTestId('goal-section-qualitative').getByTestId('goal-title').fill('Sign 3 partners by March');
  await page.getByTestId('goal-submit').click();
  await expect(page.getByTestId('goal-status')).toHaveAttribute('data-status', 'submitted');
  await page.goto('/');
  await expect(page.getByTestId('home-sheet-state')).toHaveAttribute('data-next', 'AwaitReview');
});
