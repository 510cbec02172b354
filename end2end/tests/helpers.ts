import { expect, type Page } from '@playwright/test';

/** Every demo account shares this password (demo data only). */
export const DEMO_PASSWORD = 'merit-demo';

export type Role = 'admin' | 'hr' | 'manager' | 'employee';

/** One demo account per role, with the navigation each role is meant to see. */
export const ROLE_ACCOUNTS: ReadonlyArray<{
  role: Role;
  email: string;
  seesPeople: boolean;
  seesAdmin: boolean;
}> = [
  { role: 'admin', email: 'admin@demo.test', seesPeople: true, seesAdmin: true },
  { role: 'hr', email: 'hr@demo.test', seesPeople: true, seesAdmin: false },
  { role: 'manager', email: 'manager@demo.test', seesPeople: false, seesAdmin: false },
  { role: 'employee', email: 'employee@demo.test', seesPeople: false, seesAdmin: false },
];

const onLoginPage = (page: Page): boolean => {
  try {
    return new URL(page.url()).pathname === '/login';
  } catch {
    return false; // about:blank and the like
  }
};

/**
 * Fills and submits the sign-in form without waiting for the outcome, for tests that expect
 * the sign-in to fail. Stays on the current page when it is already /login, so a `?next=`
 * that a guarded page put there is kept.
 */
export async function submitLogin(page: Page, email: string, password: string): Promise<void> {
  if (!onLoginPage(page)) {
    await page.goto('/login');
  }
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Signs in through the form and waits until the browser has left /login. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await submitLogin(page, email, password);
  // The form posts and the server redirects; a failed sign-in re-renders /login instead,
  // so leaving /login is the success signal. Surface the form's error when it did not.
  try {
    await page.waitForURL((url) => url.pathname !== '/login');
  } catch (err) {
    const error = await page
      .getByTestId('login-error')
      .textContent({ timeout: 1_000 })
      .catch(() => null);
    throw new Error(`sign-in as ${email} did not leave /login${error ? `: "${error.trim()}"` : ''}`, {
      cause: err,
    });
  }
  await expect(page.getByTestId('user-menu')).toContainText(email);
}

/** Signs out with the header's button (a POST form) and waits for the sign-in page. */
export async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.waitForURL((url) => url.pathname === '/login');
}
