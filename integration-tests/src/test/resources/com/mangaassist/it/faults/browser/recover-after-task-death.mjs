// Usage: node recover-after-task-death.mjs <chat-url> <screenshot.png>
// The chat page in headless Chromium through an outage: types one message and, once its answer
// streams, prints `streaming <messageId>`; the test then SIGKILLs every orchestrator task and the
// supervisor replaces them. Without typing anything again the page must say so (the answer
// stopped arriving, or the assistant is unreachable), keep the message, send it again once the platform is back, show its whole answer
// and go back to "Connected". Then a reload must restore the transcript (the question once, one
// answer with its route badge and token count). Prints one JSON line.
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
const QUESTION = 'Recommend a samurai manga like Vagabond';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const result = { ok: false };

async function transcript(page, messageId) {
  return page.evaluate((id) => {
    const answer = document.querySelector(`.turn.assistant[data-message-id="${id}"]`);
    return {
      questions: [...document.querySelectorAll('.turn.user')].filter((el) => el.textContent.includes('samurai')).length,
      answers: document.querySelectorAll(`.turn.assistant[data-message-id="${id}"]`).length,
      text: answer ? answer.querySelector('.content').textContent : '',
      meta: answer && answer.querySelector('.meta') ? answer.querySelector('.meta').textContent : '',
      errors: document.querySelectorAll('.turn.assistant.error').length,
      status: document.getElementById('status').dataset.state,
    };
  }, messageId);
}

const answered = (id) => {
  const meta = document.querySelector(`.turn.assistant[data-message-id="${id}"] .meta`);
  return meta && /baseline|overflow/.test(meta.textContent);
};

try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status').dataset.state === 'open', null, { timeout: 30000 });
  // Every state the connection badge goes through, as the user would see it.
  await page.evaluate(() => {
    window.statesSeen = [];
    const status = document.getElementById('status');
    new MutationObserver(() => window.statesSeen.push(status.dataset.state)).observe(status, { attributes: true });
    // And every notice the log showed about the stalled answer.
    window.noticesSeen = [];
    const log = document.getElementById('log');
    new MutationObserver(() => {
      for (const el of log.querySelectorAll('.meta')) {
        if (/stopped arriving|unreachable/.test(el.textContent) && !window.noticesSeen.includes(el.textContent)) window.noticesSeen.push(el.textContent);
      }
    }).observe(log, { subtree: true, childList: true, characterData: true });
  });
  await page.fill('#text', QUESTION);
  await page.press('#text', 'Enter');
  const messageId = await page.evaluate(() => document.querySelector('.turn.user').dataset.messageId);
  await page.waitForFunction((id) => {
    const reply = document.querySelector(`.turn.assistant[data-message-id="${id}"] .content`);
    return reply && reply.textContent.length > 0;
  }, messageId, { timeout: 30000, polling: 50 });
  result.messageId = messageId;
  console.log(`streaming ${messageId}`);
  await page.waitForFunction(answered, messageId, { timeout: 120000, polling: 100 });
  await page.waitForFunction(() => document.getElementById('status').dataset.state === 'open', null, { timeout: 30000 });
  result.statesSeen = await page.evaluate(() => window.statesSeen);
  result.noticesSeen = await page.evaluate(() => window.noticesSeen);
  result.live = await transcript(page, messageId);
  await page.reload();
  await page.waitForFunction(answered, messageId, { timeout: 30000, polling: 100 });
  result.reloaded = await transcript(page, messageId);
  const whole = (t) => t.questions === 1 && t.answers === 1 && t.errors === 0 && t.text.length > 0;
  // After the reload the answer still shows its route and the same token count (stored with the answer).
  result.ok = whole(result.live) && whole(result.reloaded) && result.reloaded.text === result.live.text && /tokens/.test(result.reloaded.meta)
    && result.reloaded.meta === result.live.meta
    && (result.statesSeen.includes('degraded') || result.noticesSeen.length > 0) && result.reloaded.status === 'open';
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
} catch (e) {
  result.error = String(e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
