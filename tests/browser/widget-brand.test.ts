import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '@/scripts/test/browser';
import { appUrl } from '../helpers/app';
import { expectAccessible } from '../helpers/axe';
import { screenshot, waitForHydration } from '../helpers/browser';
import { ACME } from '../helpers/seed';
import { sql, userClient } from '../helpers/stack';

/**
 * Issue 17, the widget in the customer's brand and language: an Acme admin sets the main site's
 * colour, corner, launcher icon, greeting, placeholder and a forced French in the website form,
 * and a German visitor on the demo site meets a French, purple, left-hand widget; once the
 * website lets the browser choose, a Spanish visitor gets Spanish, the assistant is asked to
 * answer in Spanish, and once an agent resolves the conversation the visitor rates it (CSAT).
 */
const KEY = 'wk_acme_main';
const TIMEOUT = 240_000;
let app: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let restore: (() => Promise<void>) | undefined;

async function newPage(options: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  contexts.push(context);
  context.setDefaultTimeout(90_000);
  // next's live-reload socket never reaches the server (a customer page does not reload)
  await context.routeWebSocket(/\/_next\/(webpack-)?hmr/, () => undefined);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

beforeAll(async () => {
  app = await appUrl();
  browser = await launchBrowser();
  // the test app's origin joins Acme's allowed origins (as in the dashboard); everything goes back as found
  const admin = await userClient('user_acme_admin', { id: ACME.id, slug: ACME.slug, role: 'admin' });
  const { data: site } = await admin
    .from('websites')
    .select('id, allowed_origins, brand_color, widget_position, launcher_icon, avatar_url, greeting, input_placeholder, widget_language')
    .eq('public_key', KEY)
    .single()
    .throwOnError();
  const { id, ...before } = site;
  restore = async () => {
    await admin.from('websites').update(before).eq('id', id).throwOnError();
  };
  const origin = new URL(app).origin;
  if (!site.allowed_origins.includes(origin)) {
    await admin
      .from('websites')
      .update({ allowed_origins: [...site.allowed_origins, origin] })
      .eq('id', id)
      .throwOnError();
  }
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await restore?.();
});

describe("the widget in the customer's brand and language", () => {
  it(
    'an admin brands the widget and forces French; a German visitor meets it purple, on the left, in French',
    async () => {
      const admin = await newPage();
      await admin.goto(`${app}/sign-in`);
      await admin.getByRole('button', { name: /^Sign in as Grace/ }).click();
      await admin.waitForURL(/\/dashboard(\/|$)/);
      await admin.goto(`${app}/dashboard/acme/websites`);
      const card = admin.getByRole('article', { name: 'Acme main site' });
      await waitForHydration(admin, 'form[aria-label="Add a website"]');
      await card.getByRole('button', { name: 'Edit' }).click();
      const form = admin.getByRole('form', { name: 'Edit Acme main site' });
      await form.waitFor();
      await expectAccessible(admin, 'website form');
      await form.getByRole('textbox', { name: 'Brand colour' }).fill('#7048e8');
      await form.getByRole('combobox', { name: 'Position' }).selectOption('left');
      await form.getByRole('combobox', { name: 'Launcher icon' }).selectOption('help');
      await form.getByRole('combobox', { name: 'Language' }).selectOption('fr');
      await form.getByRole('textbox', { name: 'Greeting' }).fill('Bonjour, ici Acme !');
      await form.getByRole('textbox', { name: 'Message box placeholder' }).fill('Votre question…');
      await form.getByRole('button', { name: 'Save website' }).click();
      await form.getByText('Website saved.').waitFor();
      await screenshot(admin, 'widget-brand-form');
      const [row] = await sql<Record<string, string>>(
        'select brand_color, widget_position, launcher_icon, widget_language, greeting, input_placeholder from public.websites where public_key = $1',
        [KEY],
      );
      expect(row).toEqual({
        brand_color: '#7048e8',
        widget_position: 'left',
        launcher_icon: 'help',
        widget_language: 'fr',
        greeting: 'Bonjour, ici Acme !',
        input_placeholder: 'Votre question…',
      });

      const visitor = await newPage({ locale: 'de-DE' });
      await visitor.goto(`${app}/demo/acme`, { timeout: TIMEOUT });
      const launcher = visitor.getByRole('button', { name: 'Ouvrir la discussion' });
      await launcher.waitFor();
      const box = (await launcher.boundingBox())!;
      expect(box.x).toBeLessThan(200);
      expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(112, 72, 232)');
      await launcher.click();
      const dialog = visitor.getByRole('dialog', { name: 'Discuter avec Acme Concierge' });
      await dialog.waitFor();
      await dialog.getByText('Bonjour, ici Acme !').waitFor();
      expect(await dialog.getByRole('textbox', { name: 'Message' }).getAttribute('placeholder')).toBe('Votre question…');
      await dialog.getByRole('button', { name: 'Parler à une personne' }).waitFor();
      await expectAccessible(visitor, 'branded widget', { include: 'concierge-widget' });
      await screenshot(visitor, 'widget-brand-french');
      expect(pageErrors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'once the browser chooses, a Spanish visitor chats in Spanish, and rates the conversation once it is resolved',
    async () => {
      await sql('update public.websites set widget_language = null where public_key = $1', [KEY]);
      const visitor = await newPage({ locale: 'es-ES' });
      await visitor.goto(`${app}/demo/acme`, { timeout: TIMEOUT });
      await visitor.getByRole('button', { name: 'Abrir chat' }).click();
      const dialog = visitor.getByRole('dialog', { name: 'Chatear con Acme Concierge' });
      await dialog.waitFor();
      const composer = dialog.getByRole('textbox', { name: 'Mensaje' });
      await composer.fill('How long does shipping take?');
      const sent = visitor.waitForRequest((r) => r.url().endsWith('/functions/v1/chat') && r.method() === 'POST');
      await composer.press('Enter');
      expect(JSON.parse((await sent).postData() ?? '{}')).toMatchObject({ language: 'es' });
      await dialog.locator('.row.ai').filter({ hasText: 'Fuentes:' }).waitFor({ timeout: 60_000 });
      await screenshot(visitor, 'widget-brand-spanish');

      // an agent resolves it: the widget asks for a rating, in Spanish, and takes one
      const token = await visitor.evaluate((key) => localStorage.getItem(`concierge:${key}`), KEY);
      const [session] = await sql<{ conversation_id: string }>(
        "select conversation_id from public.visitor_sessions where token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')",
        [token],
      );
      const agent = await userClient('user_acme_agent', { id: ACME.id, slug: ACME.slug, role: 'agent' });
      await agent.rpc('resolve_conversation', { p_conversation_id: session!.conversation_id }).throwOnError();
      const csat = dialog.getByRole('form', { name: '¿Cómo valorarías esta conversación?' });
      await csat.waitFor({ timeout: 60_000 });
      await csat.getByRole('button', { name: '4 de 5' }).click();
      await csat.getByRole('textbox', { name: '¿Algo que añadir? (opcional)' }).fill('Muy rápido');
      await csat.getByRole('button', { name: 'Enviar valoración' }).click();
      await dialog.getByText('¡Gracias por tu valoración!').waitFor();
      expect(await csat.count()).toBe(0);
      await expectAccessible(visitor, 'widget after rating', { include: 'concierge-widget' });
      const ratings = await sql<{ rating: number; comment: string }>('select rating, comment from public.csat_ratings where conversation_id = $1', [
        session!.conversation_id,
      ]);
      expect(ratings).toEqual([{ rating: 4, comment: 'Muy rápido' }]);
      expect(pageErrors).toEqual([]);
    },
    TIMEOUT,
  );
});
