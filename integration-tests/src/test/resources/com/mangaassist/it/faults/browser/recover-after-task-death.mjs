// Usage: node recover-after-task-death.mjs <chat-url> <screenshot.png>
// The chat page in headless Chromium: types one message, and once its answer streams prints
// `streaming <messageId>` — the test then kills the orchestrator task answering it and starts a
// new one — and waits for `reload` on stdin. Then it reloads the page (what a user does when a
// reply stalls) and, without typing anything again, waits for that message's answer to end.
// Checks: the answer ends with a route badge, the question shows once, one answer shows, and the
// page never needed retyping. Prints one JSON line.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

const [url, screenshot] = process.argv.slice(2);
const QUESTION = 'Recommend a samurai manga like Vagabond';
const lines = createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => lines.once('line', resolve));
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
  await page.fill('#text', QUESTION);
  await page.press('#text', 'Enter');
  const messageId = await page.evaluate(() => document.querySelector('.turn.user').dataset.messageId);
  await page.waitForFunction((id) => {
    const reply = document.querySelector(`.turn.assistant[data-message-id="${id}"] .content`);
    return reply && reply.textContent.length > 0;
  }, messageId, { timeout: 30000, polling: 50 });
  result.messageId = messageId;
  console.log(`streaming ${messageId}`);
  await nextLine(); // the task answering it was killed and a new one is ready
  result.outboxBeforeReload = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('mangaassist.outbox.'))
    .map((k) => JSON.parse(localStorage.getItem(k))).flat().length);
  await page.reload();
  await page.waitForFunction((id) => {
    const meta = document.querySelector(`.turn.assistant[data-message-id="${id}"] .meta`);
    return meta && /baseline|overflow/.test(meta.textContent);
  }, messageId, { timeout: 90000, polling: 100 });
  const view = await page.evaluate((id) => ({
    questions: [...document.querySelectorAll('.turn.user')].filter((el) => el.textContent.includes('samurai')).length,
    answers: document.querySelectorAll(`.turn.assistant[data-message-id="${id}"]`).length,
    text: document.querySelector(`.turn.assistant[data-message-id="${id}"] .content`).textContent,
    meta: document.querySelector(`.turn.assistant[data-message-id="${id}"] .meta`).textContent,
    errors: document.querySelectorAll('.turn.assistant.error').length,
  }), messageId);
  Object.assign(result, view);
  result.ok = view.questions === 1 && view.answers === 1 && view.errors === 0 && view.text.length > 0 && result.outboxBeforeReload === 1;
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
} catch (e) {
  result.error = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
