import { expect, test } from '@playwright/test';
import { login } from './helpers';

// Unique per run, so the journey can run again on the same database.
const run = Date.now().toString(36);
const email = (name: string) => `${name}.${run}@demo.test`;

function csv(stageOfRio: string): Buffer {
  return Buffer.from(
    [
      'email,name,role,stage,team,manager_email',
      `${email('nao')},Nao Mori,employee,2,Imported ${run},ken@demo.test`,
      `${email('rio')},Rio Abe,employee,${stageOfRio},Imported ${run},ken@demo.test`,
      `${email('sam')},Sam Ueda,employee,3,,`,
      '',
    ].join('\n'),
  );
}

test('an admin imports people, sets one up on stage 6, and the person signs in with a link', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await login(page, 'admin@demo.test');

  // Import: the preview shows three people to add and one row with an unknown stage.
  await page.goto('/admin/people/import');
  await expect(page.getByTestId('import-box')).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('import-file').setInputFiles({
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: csv('12'),
  });
  await page.getByTestId('import-preview').click();
  const summary = page.getByTestId('import-summary');
  await expect(summary).toContainText('3 to add');
  await expect(summary).toContainText('problems: 1');
  const problem = page.getByTestId('import-errors').locator('li');
  await expect(problem).toHaveCount(1);
  await expect(problem).toHaveAttribute('data-code', 'unknown_stage');
  await expect(problem).toContainText('Line 3, stage');
  await expect(page.getByTestId('import-apply')).toHaveCount(0);

  // Fixed, the preview is clean and applying it adds all three.
  await page.getByTestId('import-file').setInputFiles({
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: csv('2'),
  });
  await page.getByTestId('import-preview').click();
  await expect(summary).toContainText('3 to add, 0 to update, 0 unchanged; problems: 0');
  await page.getByTestId('import-apply').click();
  await expect(page.getByTestId('import-report')).toHaveAttribute('data-applied', 'true');
  await expect(summary).toContainText('Imported: 3 added');

  // Rio moves to stage 6: the editor shows the budgets before and after first.
  await page.goto(`/admin/people?q=${encodeURIComponent(email('rio'))}`);
  await expect(page.getByTestId('people-details')).toHaveAttribute('data-hydrated', 'true');
  const row = page.getByTestId('people-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('people-row-stage')).toHaveText('2');
  await row.getByTestId('people-row-details').click();
  const modal = page.getByTestId('modal');
  await expect(modal).toContainText(email('rio'));
  await page.getByTestId('person-stage').selectOption({ label: '6 · Stage 6' });
  const preview = page.getByTestId('stage-preview');
  // Stage 2's weights are whatever earlier journeys left them at; stage 6 is the default.
  await expect(preview).toContainText(/\d+ \/ \d+ \/ \d+ → 100 \/ 0 \/ 10/);
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-notice')).toContainText('Saved Rio Abe');
  await expect(row.getByTestId('people-row-stage')).toHaveText('6');

  // A set-password link, shown once with a copy button.
  await page.getByTestId('person-link').click();
  const link = await page.getByTestId('password-link').inputValue();
  expect(link).toMatch(/\/set-password\?token=[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId('password-link-copy')).toBeVisible();

  // Rio, in a browser of their own, sets a password and lands signed in.
  const rioContext = await browser.newContext({ locale: 'en-US' });
  const rio = await rioContext.newPage();
  await rio.goto(new URL(link).pathname + new URL(link).search);
  await rio.getByTestId('set-password').fill('rio-strong-password');
  await rio.getByTestId('set-password-confirm').fill('rio-different-password');
  await rio.getByTestId('set-password-submit').click();
  await expect(rio.getByTestId('form-error')).toContainText('The two passwords differ');
  await rio.getByTestId('set-password').fill('rio-strong-password');
  await rio.getByTestId('set-password-confirm').fill('rio-strong-password');
  await rio.getByTestId('set-password-submit').click();
  await rio.waitForURL((url) => url.pathname === '/');
  await expect(rio.getByTestId('user-menu')).toContainText(email('rio'));

  // Their goal sheet has the stage 6 budgets: 100 / 0 / 10.
  await rio.getByTestId('nav-goals').click();
  await expect(rio.getByTestId('goal-sheet')).toHaveAttribute('data-hydrated', 'true');
  await expect(rio.getByTestId('budget-badge-quantitative')).toHaveText('Quantitative: 0 / 100% allocated');
  await expect(rio.getByTestId('budget-badge-competency')).toHaveText('Competency: 0 / 10% allocated');
  await expect(rio.getByTestId('goal-section-qualitative')).toContainText('not evaluated at this stage (0%)');

  // The admin deactivates Rio; Rio's next click lands on the sign-in page.
  await page.getByTestId('person-deactivate').click();
  await page.getByTestId('person-deactivate').click();
  await expect(page.getByTestId('person-notice')).toContainText('deactivated');
  await expect(page.getByTestId('person-reactivate')).toBeVisible();
  await rio.getByTestId('nav-competitions').click();
  await rio.waitForURL((url) => url.pathname === '/login');
  await rioContext.close();
});
