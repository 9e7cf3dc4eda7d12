// Token budgets on the chat page (ADR 0046): the usage it asks for once connected, the usage line
// every usage report and every done that carries a quota update, and a message refused
// quota_exceeded: shown as not sent with why and when the budget starts again, and never sent again
// on its own. Run by ChatPageScriptTest:
//   PAGE_DIR=<src/main/resources/com/mangaassist/gateway/page> node --test chat-page-quota.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openChatPage } from './chat-page-harness.mjs';

const PAGE = process.env.PAGE_DIR;
// The harness's clock starts at 2027-01-01T00:00:00Z: today's budget resets at midnight, this month's on February 1st.
const TOMORROW = '2027-01-02T00:00:00Z';
const NEXT_MONTH = '2027-02-01T00:00:00Z';
const HOUR_MS = 3600000;

const budget = (used, limit, resetsAt) => (limit == null ? { used, resetsAt } : { used, limit, resetsAt });
const quota = (dayUsed, dayLimit, monthUsed, monthLimit) => ({
  day: budget(dayUsed, dayLimit, TOMORROW), month: budget(monthUsed, monthLimit, NEXT_MONTH),
});
const usage = (q) => ({ type: 'usage', seq: 0, quota: q });
const ack = (messageId, turnSeq = 1) => ({ type: 'ack', messageId, seq: 0, attempt: 1, turnSeq });
const token = (messageId, seq, text) => ({ type: 'token', messageId, seq, attempt: 1, text });
const done = (messageId, seq, q, turnSeq = 2) => ({
  type: 'done', messageId, seq, attempt: 1, turnSeq, route: 'baseline', usage: { promptTokens: 640, completionTokens: 96 },
  truncated: false, turnsDropped: 0, grounded: false, sources: [], ...(q ? { quota: q } : {}),
});
const overBudget = (messageId, retryAfterMs) => ({
  type: 'error', messageId, seq: 0, code: 'quota_exceeded', retryAfterMs,
  message: `this account has used its 200000 tokens for today; the budget starts again at ${TOMORROW}`,
});

const usageLine = (page) => page.document.getElementById('usage');
const usageRequests = (page) => page.socket.sent.filter((f) => f.action === 'usage');

test('once connected the page asks for the usage once, and shows nothing before it comes', async () => {
  const page = await openChatPage(PAGE);

  assert.deepEqual(usageRequests(page), [{ action: 'usage' }]);
  assert.equal(usageLine(page).textContent, '');

  page.ask('Something like Berserk?');
  page.tick(1000);
  assert.equal(usageRequests(page).length, 1, 'not asked again while the socket stays open');
});

test('a usage report shows today\'s tokens against the budget and when it resets, and this month\'s where it has a budget', async () => {
  const page = await openChatPage(PAGE);

  page.frame(usage(quota(12736, 200000, 181442, 3000000)));

  assert.equal(usageLine(page).textContent, 'Today 12,736 / 200,000 tokens · resets 00:00 UTC · this month 181,442 / 3,000,000 tokens');
  assert.equal(usageLine(page).dataset.state, 'ok');
  assert.equal(page.all('div').filter((d) => d.className.includes('error')).length, 0, 'a usage report is no frame the page does not understand');
  assert.deepEqual(page.order(), [], 'it belongs to no message');
});

test('without a budget the usage line is just the count used', async () => {
  const page = await openChatPage(PAGE);

  page.frame(usage(quota(12736, null, 181442, null)));

  assert.equal(usageLine(page).textContent, 'Today 12,736 tokens');
});

test('every done that carries the quota updates the usage line; one without it leaves the line as it was', async () => {
  const page = await openChatPage(PAGE);
  page.frame(usage(quota(12000, 200000, 180000, null)));

  const first = page.ask('Something like Berserk?');
  page.frame(ack(first));
  page.frame(token(first, 1, 'Try Vagabond.'));
  page.frame(done(first, 2, quota(12736, 200000, 180736, null)));
  assert.equal(usageLine(page).textContent, 'Today 12,736 / 200,000 tokens · resets 00:00 UTC');

  const second = page.ask('And after that?');
  page.frame(ack(second, 3));
  page.frame(done(second, 1, null, 4));
  assert.equal(usageLine(page).textContent, 'Today 12,736 / 200,000 tokens · resets 00:00 UTC');
  assert.equal(page.answer(second).querySelector('.meta').textContent.includes('96 tokens'), true, 'the answer itself draws as before');
});

test('a spent budget shows on the usage line, the month\'s with when it starts again', async () => {
  const page = await openChatPage(PAGE);

  page.frame(usage(quota(200112, 200000, 3000112, 3000000)));

  assert.equal(usageLine(page).dataset.state, 'spent');
  assert.equal(usageLine(page).textContent,
    'Today 200,112 / 200,000 tokens · resets 00:00 UTC · this month 3,000,112 / 3,000,000 tokens, resets 2027-02-01 00:00 UTC');
});

test('a message refused quota_exceeded shows as not sent, with why and when the budget starts again, and leaves the outbox', async () => {
  const page = await openChatPage(PAGE);
  const id = page.ask('Something like Berserk?');

  page.frame(overBudget(id, 24 * HOUR_MS - 1500)); // the refusal took a moment to come: still midnight

  const question = page.question(id);
  assert.ok(question.classList.contains('refused'), 'drawn as not sent');
  assert.equal(question.querySelector('.refusal').textContent, 'Not sent. Your token budget is used up. It starts again at 00:00 UTC.');
  assert.equal(question.querySelector('.content').textContent, 'Something like Berserk?', 'what the user typed stays on screen');
  assert.equal(question.querySelector('.retry'), null, 'no "tap to retry": a send before the reset is refused the same way');
  assert.equal(page.answer(id), null, 'nothing was asked of the assistant');
  assert.deepEqual(page.outbox(), [], 'nothing left to send');
});

test('a message refused quota_exceeded is never sent again on its own, unlike one refused busy', async () => {
  const page = await openChatPage(PAGE);
  const busy = page.ask('Q1');
  const spent = page.ask('Q2');
  page.frame({ type: 'error', messageId: busy, seq: 0, code: 'busy', message: 'busy', retryAfterMs: 1000 });
  page.frame(overBudget(spent, 1000));

  page.tick(2000);
  page.tick(HOUR_MS);

  assert.deepEqual(page.sends().map((f) => f.messageId), [busy, spent, busy], 'the busy one sent again after its retry-after, the other never');
  assert.deepEqual(page.outbox().map((e) => e.messageId), [busy]);
  assert.ok(page.question(spent).classList.contains('refused'));
});

test('the time a refused message\'s budget starts again stays what the refusal said, however late the page draws it again', async () => {
  const page = await openChatPage(PAGE);
  const id = page.ask('Something like Berserk?');
  page.frame(overBudget(id, 2 * HOUR_MS));

  page.tick(30 * 60000);
  page.frame({ type: 'resumed', conversationId: 'c', seq: 0, turns: [] }); // after a reconnect: every message drawn again

  assert.equal(page.question(id).querySelector('.refusal').textContent, 'Not sent. Your token budget is used up. It starts again at 02:00 UTC.');
  assert.deepEqual(page.sends().map((f) => f.messageId), [id], 'the resume does not send it again either');
});

test('a refusal without a retry-after says when the budget starts again from the usage the page holds', async () => {
  const page = await openChatPage(PAGE);
  page.frame(usage(quota(120, 1000, 3000112, 3000000)));
  const id = page.ask('Something like Berserk?');

  page.frame({ type: 'error', messageId: id, seq: 0, code: 'quota_exceeded', message: 'this month\'s budget is used up' });

  assert.equal(page.question(id).querySelector('.refusal').textContent,
    'Not sent. Your token budget is used up. It starts again at 2027-02-01 00:00 UTC.');
});
