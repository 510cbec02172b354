import { expect, test } from '@playwright/test';
import { login } from './helpers';

/** A name no earlier run left behind: the e2e database lives as long as one test run. */
const unique = (prefix: string): string => `${prefix} ${Date.now().toString(36)}`;

test('an admin creates a team with a manager, renames it and deletes it while empty', async ({
  page,
}) => {
  await login(page, 'admin@demo.test');
  await page.goto('/admin/teams');
  const editor = page.getByTestId('teams-editor');
  await expect(editor).toHaveAttribute('data-hydrated', 'true');

  const name = unique('Research');
  await page.getByTestId('new-team-name').fill(name);
  await page.getByTestId('new-team-manager').selectOption({ label: 'Ken Watanabe <ken@demo.test>' });
  await page.getByTestId('new-team-submit').click();
  await expect(page.getByTestId('teams-notice')).toHaveText(`Team ${name} created.`);

  const card = page.locator(`[data-testid="team-card"][data-team="${name}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByTestId('team-member')).toHaveCount(0);

  const renamed = `${name} Lab`;
  await card.getByTestId('team-name').fill(renamed);
  await card.getByTestId('team-save').click();
  await expect(page.getByTestId('teams-notice')).toHaveText(`Saved team ${renamed}.`);

  // The list is read again from the server: the new name is what was stored.
  await page.reload();
  await expect(editor).toHaveAttribute('data-hydrated', 'true');
  const stored = page.locator(`[data-testid="team-card"][data-team="${renamed}"]`);
  await expect(stored).toBeVisible();
  await stored.getByTestId('team-delete').click();
  await expect(page.getByTestId('teams-notice')).toHaveText('Team deleted.');
  await expect(stored).toHaveCount(0);
});

test('a new period is planned, and opening it while another is open says why not', async ({
  page,
}) => {
  await login(page, 'admin@demo.test');
  await page.goto('/admin/periods');
  await expect(page.getByTestId('periods-editor')).toHaveAttribute('data-hydrated', 'true');

  const name = unique('FY2031');
  await page.getByTestId('period-name').fill(name);
  await page.getByTestId('period-start').fill('2031-04-01');
  await page.getByTestId('period-end').fill('2032-03-31');
  await page.getByTestId('period-submit').click();
  await expect(page.getByTestId('periods-notice')).toHaveText(
    `Period ${name} planned; open it when it starts.`,
  );

  const row = page.locator(`[data-testid="period-row"][data-period="${name}"]`);
  await expect(row.getByTestId('period-status')).toHaveText('Planned');

  // The demo organization's current period is open: the conflict's reason is translated,
  // not shown as a generic error, and nothing changes.
  await row.getByTestId('period-open').click();
  await expect(page.getByTestId('periods-error')).toHaveText(
    'Another period is open; close it first (one period is open at a time).',
  );
  await page.reload();
  await expect(row.getByTestId('period-status')).toHaveText('Planned');
});

test('a person changes their own name on the profile page and it is kept', async ({ page }) => {
  await login(page, 'bob@demo.test');
  await page.goto('/profile');
  const name = page.getByTestId('profile-name');
  await expect(name).toHaveValue('Bob Chen');
  try {
    await name.fill('Robert Chen');
    await page.getByTestId('profile-save').click();
    await expect(page.getByText('Your profile is saved.')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('profile-name')).toHaveValue('Robert Chen');

    // A blank name is refused by the form and by the server alike: the stored name stays.
    await page.getByTestId('profile-name').fill('   ');
    await page.getByTestId('profile-save').click();
    await page.goto('/profile');
    await expect(page.getByTestId('profile-name')).toHaveValue('Robert Chen');
  } finally {
    await page.goto('/profile');
    await page.getByTestId('profile-name').fill('Bob Chen');
    await page.getByTestId('profile-save').click();
    await expect(page.getByText('Your profile is saved.')).toBeVisible();
  }
});

test('the competitions list filters by status and by words of the title', async ({ page }) => {
  await login(page, 'employee@demo.test');
  await page.goto('/competitions');
  const cards = page.getByTestId('competition-card');
  await expect(cards.first()).toBeVisible();

  await page.goto('/competitions?status=ended');
  await expect(cards.first()).toBeVisible();
  for (const status of await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) {
    expect(status).toBe('ended');
  }

  await page.goto('/competitions?q=churn');
  await expect(cards.filter({ hasText: 'Customer churn prediction' })).toHaveCount(1);
  await expect(cards.filter({ hasText: 'Delivery time estimation' })).toHaveCount(0);

  await page.goto(`/competitions?q=${encodeURIComponent('no such competition 50%_')}`);
  await expect(cards).toHaveCount(0);
  await expect(page.getByTestId('competitions-empty')).toBeVisible();
});
