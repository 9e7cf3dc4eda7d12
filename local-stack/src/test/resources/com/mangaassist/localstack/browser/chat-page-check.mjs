// Usage: node chat-page-check.mjs <chat-url> <screenshot.png>
// Opens the chat page in headless Chromium, sends a message, and checks that the reply streamed
// (its text grew over several observations), ended with a route badge, and, being grounded in the
// store's catalog, lists its sources (.sources) with every cited title named in the answer. Prints
// one JSON line.
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const result = { ok: false };
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status').dataset.state === 'open', null, { timeout: 30000 });
  await page.fill('#text', 'Recommend a samurai manga like Vagabond');
  await page.press('#text', 'Enter');
  const lengths = new Set();
  const deadline = Date.now() + 30000;
  let meta = null;
  while (Date.now() < deadline && !meta) {
    const state = await page.evaluate(() => {
      const reply = document.querySelector('.turn.assistant');
      return reply ? { text: reply.querySelector('.content').textContent, meta: reply.querySelector('.meta')?.textContent || null } : null;
    });
    if (state) {
      if (state.text.length > 0) lengths.add(state.text.length);
      meta = state.meta;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  result.observedLengths = lengths.size;
  result.meta = meta;
  result.userTurnShown = await page.evaluate(() => [...document.querySelectorAll('.turn.user')].some((el) => el.textContent.includes('samurai')));
  // The sources list goes under the answer once its done arrived (grounded: true).
  await page.waitForSelector('.turn.assistant ol.sources li', { timeout: 10000 }).catch(() => {});
  const grounding = await page.evaluate(() => {
    const reply = document.querySelector('.turn.assistant');
    const items = [...reply.querySelectorAll('ol.sources li')];
    return {
      text: reply.querySelector('.content').textContent,
      ungrounded: reply.querySelector('.ungrounded') !== null,
      sources: items.map((li) => ({
        n: li.querySelector('.n')?.textContent || '',
        title: li.querySelector('.title')?.textContent || '',
        kind: li.querySelector('.kind')?.dataset.kind || '',
      })),
    };
  });
  result.sources = grounding.sources;
  result.ungrounded = grounding.ungrounded;
  result.sourcesCited = grounding.sources.length > 0 && grounding.sources.every((s, i) => s.n === `[${i + 1}]`
    && s.kind === 'catalog' && s.title.length > 0 && grounding.text.includes(`${s.title} [${i + 1}]`));
  result.ok = Boolean(meta && meta.includes('baseline') && lengths.size >= 2 && result.userTurnShown && result.sourcesCited
    && !result.ungrounded);
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
} catch (e) {
  result.error = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
