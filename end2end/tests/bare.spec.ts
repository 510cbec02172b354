import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';

// A second server, started by scripts/test.sh on its own empty database without demo data.
const bareUrl = process.env.MERIT_E2E_BARE_URL;
const bareDatabase = process.env.MERIT_E2E_BARE_DATABASE_URL;
const merit = resolve(__dirname, '../../target/release/merit');

test('a server without demo data: the first admin from the command line sets up the organization', async ({
  page,
}) => {
  test.setTimeout(120_000);
  if (!bareUrl || !bareDatabase) {
    throw new Error('MERIT_E2E_BARE_URL and MERIT_E2E_BARE_DATABASE_URL must name the empty server (scripts/test.sh sets them)');
  }
  // Nobody can sign in yet.
  await page.goto(`${bareUrl}/login`);
  await expect(page.getByText('admin@demo.test')).toHaveCount(0);

  // `merit admin create` makes the organization and its admin and prints a one-time link.
  const output = execFileSync(
    merit,
    ['admin', 'create', '--organization', 'Acme', '--email', 'ada@acme.example', '--name', 'Ada Admin'],
    { env: { ...process.env, DATABASE_URL: bareDatabase, MERIT_PUBLIC_URL: bareUrl }, encoding: 'utf8' },
  );
  const link = output.split('\n').find((line) => line.startsWith(`${bareUrl}/set-password?token=`));
  expect(link, output).toBeTruthy();

  await page.goto(link!);
  await page.getByTestId('set-password').fill('ada-admin-password');
  await page.getByTestId('set-password-confirm').fill('ada-admin-password');
  await page.getByTestId('set-password-submit').click();
  await page.waitForURL((url) => url.pathname === '/');
  await expect(page.getByTestId('user-menu')).toContainText('ada@acme.example');

  // A team the admin leads.
  await page.goto(`${bareUrl}/admin/teams`);
  await expect(page.getByTestId('teams-editor')).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('new-team-name').fill('Core');
  await page.getByTestId('new-team-manager').selectOption({ label: 'Ada Admin <ada@acme.example>' });
  await page.getByTestId('new-team-submit').click();
  await expect(page.getByTestId('teams-notice')).toContainText('Team Core created');
  await expect(page.getByTestId('team-card')).toHaveCount(1);

  // A period for next year, planned.
  await page.goto(`${bareUrl}/admin/periods`);
  await expect(page.getByTestId('periods-editor')).toHaveAttribute('data-hydrated', 'true');
  await expect(page.getByTestId('period-row')).toHaveCount(1);
  await page.getByTestId('period-name').fill('FY2099');
  await page.getByTestId('period-start').fill('2099-01-01');
  await page.getByTestId('period-end').fill('2099-12-31');
  await page.getByTestId('period-submit').click();
  await expect(page.getByTestId('periods-notice')).toContainText('FY2099 planned');
  await expect(page.getByTestId('period-row')).toHaveCount(2);

  // An employee in that team.
  await page.goto(`${bareUrl}/admin/people`);
  await expect(page.getByTestId('people-details')).toHaveAttribute('data-hydrated', 'true');
  await page.getByTestId('person-add').click();
  await page.getByTestId('person-name').fill('Ben Baker');
  await page.getByTestId('person-email').fill('ben@acme.example');
  await page.getByTestId('person-stage').selectOption({ label: '3 · Stage 3' });
  await page.getByTestId('person-team').selectOption({ label: 'Core' });
  await page.getByTestId('person-save').click();
  await expect(page.getByTestId('person-notice')).toContainText('Ben Baker was added');
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(page.getByTestId('people-row')).toHaveCount(2);
  const ben = page.locator('[data-testid="people-row"][data-email="ben@acme.example"]');
  await expect(ben).toContainText('Core');
  await expect(ben).toContainText('Ada Admin');
});
