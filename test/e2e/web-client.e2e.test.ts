/**
 * The web client in a real browser (Debian's chromium through playwright-core):
 * log in, talk with a WebSocket player, walk (typed and clicked), command history
 * across a reload, password mode, the status bar, the phone layout, and reconnect
 * after the server restarts. Screenshots go to test-artifacts/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, tempDataDir } from '../support/server.ts';
import { WsPlayer, createCharacter } from '../support/players.ts';
import { launchChromium, screenshot, watchErrors } from '../support/browser.ts';

/** The client is what is tested here, not gameplay: rooms (Room.Info, exits) and social (say) suffice. */
const PACKS = ['rooms', 'social'];

let browser: Browser | null = null;
let skipReason = '';

before(async () => {
  const launched = await launchChromium();
  if (launched.ok) browser = launched.browser;
  else {
    skipReason = launched.reason;
    console.log(`# web client tests skipped: ${skipReason}`);
  }
});
after(async () => {
  await browser?.close();
});

/** Wait until the selector's text contains `text` (a string or a pattern). */
/** 20 s: the same steps take 1–2 s on an idle machine, but CI boxes run several suites at once. */
async function waitForText(page: Page, selector: string, text: string | RegExp, timeout = 20_000): Promise<void> {
  const source = typeof text === 'string' ? { s: text } : { re: text.source, flags: text.flags };
  try {
    await page.waitForFunction(
      ([sel, t]) => {
        const content = document.querySelector(sel)?.textContent ?? '';
        return 's' in t ? content.includes(t.s as string) : new RegExp(t.re as string, t.flags as string).test(content);
      },
      [selector, source] as const,
      { timeout, polling: 50 },
    );
  } catch {
    const content = await page.locator(selector).textContent();
    const output = selector === '#output' ? '' : `; #output ends: ${JSON.stringify(((await page.locator('#output').textContent()) ?? '').slice(-800))}`;
    const state = await page.getAttribute('#conn', 'data-state');
    assert.fail(`expected ${selector} to contain ${String(text)}; it has: ${JSON.stringify((content ?? '').slice(-1500))} (connection ${state})${output}`);
  }
}

async function connState(page: Page): Promise<string> {
  return (await page.getAttribute('#conn', 'data-state')) ?? '';
}

async function typeLine(page: Page, line: string): Promise<void> {
  await page.fill('#input', line);
  await page.press('#input', 'Enter');
}

test('log in, talk to another client, walk, history and password mode (desktop)', async (t) => {
  if (!browser) return t.skip(skipReason);
  const server = await startTestServer({ packs: PACKS });
  t.after(() => server.stop());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`http://127.0.0.1:${server.httpPort}/`);

  // Accessible structure: a polite log region, a labelled input, a viewport meta.
  assert.equal(await page.getAttribute('#output', 'role'), 'log');
  assert.equal(await page.getAttribute('#output', 'aria-live'), 'polite');
  assert.equal(await page.locator('label[for="input"]').textContent(), 'Command');
  assert.match((await page.getAttribute('meta[name="viewport"]', 'content')) ?? '', /width=device-width/);

  await waitForText(page, '#conn', 'online');
  await waitForText(page, '#output', 'Welcome to Myriad');
  assert.equal(await page.locator('#prompt').textContent(), '> ');

  // Create a character. The local echo masks the password; no history before login.
  await typeLine(page, 'create Webby secret-pass');
  await waitForText(page, '#output', 'Welcome, Webby!');
  await waitForText(page, '#output', 'Emberford Square');
  const out = (await page.locator('#output').textContent()) ?? '';
  assert.ok(out.includes('create Webby ••••••'), 'the login line is echoed with the password masked');
  assert.ok(!out.includes('secret-pass'), 'the password never shows in the scrollback');
  assert.equal(await page.evaluate(() => localStorage.getItem('myriad.history')), null, 'login lines are not kept in the history');

  // The status bar is fed by data frames: Char.Name and Room.Info with exit buttons.
  await waitForText(page, '#st-name', 'Webby');
  await waitForText(page, '#st-room', 'Emberford Square');
  assert.ok((await page.locator('#st-exits .exit-btn').count()) >= 2, 'exits are buttons in the status bar');
  // Styled segments map to CSS classes: the room title is .s-room-title.
  assert.equal((await page.locator('#output .s-room-title', { hasText: 'Emberford Square' }).count()) >= 1, true);

  // Another client (WebSocket) arrives and talks; the browser sees it, and vice versa.
  const bob = await WsPlayer.connect(server.httpPort);
  t.after(() => bob.close());
  await createCharacter(bob, 'Bob');
  bob.send('say hello browser');
  await waitForText(page, '#output', 'Bob says, "hello browser"');
  assert.ok((await page.locator('#output .msg.k-say').count()) >= 1, 'a say is a .k-say message');
  await typeLine(page, 'say hi Bob');
  await waitForText(page, '#output', 'You say, "hi Bob"');
  await bob.expect('Webby says, "hi Bob"');

  // Walk by typing; Bob sees the departure, the status bar follows.
  bob.skip();
  await typeLine(page, 'north');
  await waitForText(page, '#st-room', 'The North Road');
  await waitForText(page, '#output', 'The North Road');
  await bob.expect('Webby leaves north.');
  // Walk back by clicking the status bar's "south" button.
  await page.locator('#st-exits .exit-btn', { hasText: 'south' }).click();
  await waitForText(page, '#st-room', 'Emberford Square');
  await bob.expect(/Webby arrives/);

  // A character's name is a ref: clicking it adds the name to the input.
  await page.fill('#input', 'say hello');
  await page.locator('#output button.s-name[data-ref]', { hasText: 'Bob' }).last().click();
  assert.equal(await page.inputValue('#input'), 'say hello Bob ');

  // History: up walks back, down walks forward to the draft.
  await page.focus('#input');
  await page.fill('#input', 'half-typed');
  await page.press('#input', 'ArrowUp');
  assert.equal(await page.inputValue('#input'), 'go s');
  await page.press('#input', 'ArrowUp');
  assert.equal(await page.inputValue('#input'), 'north');
  await page.press('#input', 'ArrowUp');
  assert.equal(await page.inputValue('#input'), 'say hi Bob');
  await page.press('#input', 'ArrowDown');
  await page.press('#input', 'ArrowDown');
  assert.equal(await page.inputValue('#input'), 'go s');
  await page.press('#input', 'ArrowDown');
  assert.equal(await page.inputValue('#input'), 'half-typed', 'down past the newest entry restores the draft');

  await screenshot(page, 'web-client-desktop');

  // Reload: the history survives in localStorage; log in again with the hidden password prompt.
  await page.reload();
  await waitForText(page, '#conn', 'online');
  await waitForText(page, '#output', 'Welcome to Myriad');
  await page.focus('#input');
  await page.press('#input', 'ArrowUp');
  assert.equal(await page.inputValue('#input'), 'go s', 'history is kept across reloads');
  await typeLine(page, 'connect Webby');
  // A line entered while the client is (re)connecting stays in the input, unsent, for the
  // player to send again (client.js submit()). If the new socket dropped just after the
  // banner, do what a player does, and say so in the test's output.
  if ((await page.inputValue('#input')) === 'connect Webby') {
    t.diagnostic(`"connect Webby" was kept in the input: the client was ${await page.textContent('#conn')}; sent again once online`);
    await waitForText(page, '#conn', 'online');
    await page.press('#input', 'Enter');
  }
  await page
    .waitForFunction(() => (document.getElementById('input') as HTMLInputElement).type === 'password')
    .catch(async (e: Error) => {
      const tail = ((await page.textContent('#output')) ?? '').slice(-600);
      throw new Error(`${e.message}; connection "${await page.textContent('#conn')}", input "${await page.inputValue('#input')}", prompt "${await page.textContent('#prompt')}", output ends: ${tail}`);
    });
  // The echo frame and the prompt frame arrive one after the other: wait for both.
  await page.waitForFunction(() => document.getElementById('prompt')?.textContent === 'Password: ');
  assert.equal(await page.locator('label[for="input"]').textContent(), 'Password');
  await typeLine(page, 'secret-pass');
  await waitForText(page, '#output', 'Welcome back, Webby.');
  assert.equal(await page.getAttribute('#input', 'type'), 'text', 'password mode ends after the password');
  assert.ok(!((await page.locator('#output').textContent()) ?? '').includes('secret-pass'), 'the hidden password is not echoed');
  const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('myriad.history'))) ?? '[]') as string[];
  assert.deepEqual(stored, ['say hi Bob', 'north', 'go s'], 'only in-game commands are stored; the password is not');

  assert.deepEqual(errors, [], 'no script errors on the page');
});

test('phone layout: 16 px inputs, 44 px touch targets, no sideways scrolling', async (t) => {
  if (!browser) return t.skip(skipReason);
  // stamina publishes Char.Vitals, which the status bar draws.
  const server = await startTestServer({ packs: [...PACKS, 'stamina'] });
  t.after(() => server.stop());
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`http://127.0.0.1:${server.httpPort}/`);
  await waitForText(page, '#conn', 'online');
  await typeLine(page, 'create Thumbs secret-pass');
  await waitForText(page, '#st-room', 'Emberford Square');
  await page.locator('#st-exits .exit-btn', { hasText: 'north' }).tap();
  await waitForText(page, '#st-room', 'The North Road');

  // Vitals from a real pack: `stamina` answers with Char.Vitals {ep, maxep, string}; the bar reads "stamina".
  await typeLine(page, 'stamina');
  await waitForText(page, '#st-vitals', /stamina \d+\/\d+/);
  assert.equal(await page.locator('.vital[data-vital="ep"] [role="meter"]').count(), 1, 'stamina is drawn as a bar');

  // Any package shape works: sent through the session's real WebSocket connection.
  const session = server.gateway.sessions.online.find((s) => s.name === 'Thumbs');
  assert.ok(session, 'Thumbs is online');
  for (const c of session.connections) c.sendData('Char.Vitals', { hp: 8, maxhp: 40, mp: 30, maxmp: 30, state: 'resting' });
  await waitForText(page, '#st-vitals', 'hp 8/40');
  assert.equal(await page.getAttribute('.vital[data-vital="hp"] [role="meter"]', 'aria-valuenow'), '8');
  assert.equal(await page.locator('.vital[data-vital="hp"] .vital-fill.low').count(), 1, 'a low bar is marked');
  await waitForText(page, '#st-vitals', 'state resting');
  await page.waitForTimeout(100); // one ResizeObserver round

  // No named helpers inside evaluate(): tsx would wrap them in __name(), unknown in the page.
  const m = await page.evaluate(() => ({
    inputFont: parseFloat(getComputedStyle(document.getElementById('input')!).fontSize),
    inputHeight: document.getElementById('input')!.getBoundingClientRect().height,
    sendHeight: document.getElementById('send')!.getBoundingClientRect().height,
    sendWidth: document.getElementById('send')!.getBoundingClientRect().width,
    exitHeights: [...document.querySelectorAll('#st-exits .exit-btn')].map((b) => b.getBoundingClientRect().height),
    scrollWidth: document.documentElement.scrollWidth,
    inputBottom: document.querySelector('.input-row')!.getBoundingClientRect().bottom,
    viewportHeight: window.innerHeight,
    lastLineBottom: document.querySelector('#output')!.lastElementChild!.getBoundingClientRect().bottom,
    outputBottom: document.querySelector('#output')!.getBoundingClientRect().bottom,
  }));
  assert.ok(m.inputFont >= 16, `input font ${m.inputFont}px ≥ 16px`);
  assert.ok(m.inputHeight >= 44 && m.sendHeight >= 44 && m.sendWidth >= 44, `input ${m.inputHeight}px, send ${m.sendWidth}×${m.sendHeight}px ≥ 44px`);
  assert.ok(m.exitHeights.length > 0 && m.exitHeights.every((h) => h >= 44), `exit buttons ${m.exitHeights.join(', ')}px ≥ 44px`);
  assert.ok(m.scrollWidth <= 390, `no horizontal scrolling (scrollWidth ${m.scrollWidth})`);
  assert.ok(m.inputBottom <= m.viewportHeight + 1, 'the input line is on screen');
  assert.ok(m.lastLineBottom <= m.outputBottom + 1, `the newest line stays in view after the status bar grew (${m.lastLineBottom} > ${m.outputBottom})`);
  await screenshot(page, 'web-client-phone');
  assert.deepEqual(errors, []);
});

test('reconnects by itself after the server restarts', async (t) => {
  if (!browser) return t.skip(skipReason);
  const data = tempDataDir();
  t.after(() => data.remove());
  let server = await startTestServer({ dataDir: data.dir, packs: PACKS });
  const ports = { httpPort: server.httpPort, telnetPort: server.telnetPort };
  t.after(() => server.stop());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`http://127.0.0.1:${ports.httpPort}/`);
  await waitForText(page, '#conn', 'online');
  await typeLine(page, 'create Phoenix secret-pass');
  await waitForText(page, '#st-room', 'Emberford Square');
  await typeLine(page, 'east');
  await waitForText(page, '#st-room', 'The Crooked Lantern');
  const room = (await page.locator('#st-room').textContent()) ?? '';
  assert.ok(room && !room.includes('Emberford Square'), `moved east (now in ${room})`);

  await server.stop();
  await page.waitForFunction(() => document.getElementById('conn')?.dataset['state'] === 'reconnecting', undefined, { timeout: 10_000 });
  await waitForText(page, '#conn', /reconnecting in \d+ s/);
  assert.equal(await page.isVisible('#reconnect'), true, 'a "reconnect now" button is offered');

  server = await startTestServer({ dataDir: data.dir, packs: PACKS, ...ports });
  await page.waitForFunction(() => document.getElementById('conn')?.dataset['state'] === 'online', undefined, { timeout: 40_000 });
  await waitForText(page, '#output', 'Reconnected.');
  await typeLine(page, 'connect Phoenix secret-pass');
  await waitForText(page, '#output', 'Welcome back, Phoenix.');
  await typeLine(page, 'look');
  await waitForText(page, '#st-room', room.split(' · ')[0] ?? room);
  assert.equal(await connState(page), 'online');
  // While the server was down chromium logs the refused WebSocket attempts; nothing else.
  assert.deepEqual(
    errors.filter((e) => !/WebSocket connection to .* failed/.test(e)),
    [],
  );
});
