import { expect, test } from '@playwright/test';
import { ROLE_ACCOUNTS, login, logout, submitLogin } from './helpers';

const DASHBOARDS = ROLE_ACCOUNTS.map((a) => `dashboard-${a.role}`);

test.describe('sign-in per role', () => {
  for (const account of ROLE_ACCOUNTS) {
    test(`${account.role} signs in and sees their dashboard and navigation`, async ({ page }) => {
      await login(page, account.email);

      // Without ?next= the sign-in lands on the home page, which renders per role.
      await expect(page).toHaveURL((url) => url.pathname === '/');
      await expect(page.getByTestId(`dashboard-${account.role}`)).toBeVisible();
      for (const other of DASHBOARDS.filter((d) => d !== `dashboard-${account.role}`)) {
        await expect(page.getByTestId(other), `${other} must not render`).toHaveCount(0);
      }

      // Links a role may not use must be absent, not merely hidden: the page is
      // server-rendered, so a count of 0 is final once the dashboard is there.
      await expect(page.getByTestId('nav-dashboard')).toBeVisible();
      const people = page.getByTestId('nav-people');
      const admin = page.getByTestId('nav-admin');
      if (account.seesPeople) await expect(people).toBeVisible();
      else await expect(people).toHaveCount(0);
      if (account.seesAdmin) await expect(admin).toBeVisible();
      else await expect(admin).toHaveCount(0);

      await expect(page.getByTestId('user-menu')).toContainText(account.email);
    });
  }
});

test('a wrong password keeps the visitor on /login with an error', async ({ page }) => {
  // Throttling locks an account after 5 failures in 15 minutes: spend exactly one failure,
  // on an account no other test signs in with.
  await submitLogin(page, 'alice@demo.test', 'not-the-password');

  const error = page.getByTestId('login-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('Invalid email or password');
  await expect(page).toHaveURL((url) => url.pathname === '/login');
  await expect(page.getByTestId('user-menu')).toHaveCount(0);
});

test('signing out ends the session', async ({ page }) => {
  await login(page, 'manager@demo.test');
  await logout(page);
  await expect(page.getByTestId('user-menu')).toHaveCount(0);

  // The old session must really be gone server-side, not just the page changed.
  await page.goto('/');
  await expect(page).toHaveURL(
    (url) => url.pathname === '/login' && url.searchParams.get('next') === '/',
  );
});

test('a guarded page sends the visitor to sign in and back', async ({ page }) => {
  await page.goto('/admin/audit');
  await expect(page).toHaveURL(
    (url) => url.pathname === '/login' && url.searchParams.get('next') === '/admin/audit',
  );

  // login() submits the form on the current page, so the ?next= above is kept.
  await login(page, 'admin@demo.test');
  await expect(page).toHaveURL((url) => url.pathname === '/admin/audit');
  await expect(page.getByTestId('audit-table')).toBeVisible();
});

test('an employee gets 403 on the admin audit page', async ({ page }) => {
  await login(page, 'employee@demo.test');

  const response = await page.goto('/admin/audit');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByTestId('audit-table')).toHaveCount(0);
});
