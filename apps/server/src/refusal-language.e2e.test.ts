/// <reference lib="dom" />
// The French dashboard says the server's refusals in French (headless Chromium through
// playwright-core, against the whole product in this process): a field the server refuses is
// worded beside the field, and confirming an order beyond stock says so with the product and the
// numbers, never the server's English.
import { describe, expect, it } from 'vitest';
import { signInAsDemo, useFrenchDashboardPage } from '../test/browser';
import { useTestServer } from './testing';

// The dashboard must be built (`pnpm --filter @flux/web build`): the test server serves it.
const server = useTestServer({ runWorker: false });
const browser = useFrenchDashboardPage();

describe('server refusals in the French dashboard', () => {
  it('a phone number the server refuses is worded in French beside the field', async () => {
    const page = browser.page();
    await signInAsDemo(page, `${server.url}/orders/new`);
    await page.getByRole('heading', { name: 'Commande par téléphone' }).waitFor();

    await page.getByRole('button', { name: 'Nouveau client' }).click();
    await page.getByLabel('Nom', { exact: true }).fill('Khady Refus');
    const phone = page.getByLabel('Téléphone', { exact: true });
    await phone.fill(`+221 ${'7'.repeat(40)}`);
    await page.getByRole('button', { name: 'Créer le client' }).click();
    await page.getByRole('alert').filter({ hasText: 'Au plus 40 caractères.' }).waitFor();
    expect(await page.getByText(/Too big|expected string/).count()).toBe(0);

    // A number of the right length that is no phone number: the service's refusal, same place.
    await phone.fill('12');
    await page.getByRole('button', { name: 'Créer le client' }).click();
    await page.getByRole('alert').filter({ hasText: 'Ce numéro n’est pas valide' }).waitFor();

    await phone.fill('+221 77 555 12 34');
    await page.getByRole('button', { name: 'Créer le client' }).click();
    await page.getByTestId('picked-customer').getByText('Khady Refus').waitFor();
  });

  it('confirming beyond stock says, in French, what is left and what was ordered', async () => {
    const page = browser.page();
    await page.getByLabel('Chercher un produit du catalogue').fill('bazin teinte');
    await page.getByRole('button', { name: 'Ajouter Bazin teinté 3 m' }).click();
    await page.getByLabel('Quantité de Bazin teinté 3 m').fill('9999');
    await page.getByRole('button', { name: 'Créer la commande' }).click();
    await page.getByRole('heading', { name: /^Commande CMD-\d{6}$/ }).waitFor();

    await page.getByTestId('order-actions').getByRole('button', { name: 'Confirmer' }).click();
    const toast = page.getByTestId('toast-error');
    await toast.waitFor();
    expect(await toast.textContent()).toMatch(
      /^Stock insuffisant pour Bazin teinté 3 m : \d+ en stock, 9\u202f999 commandé\(s\)\.$/,
    );
  });
});
