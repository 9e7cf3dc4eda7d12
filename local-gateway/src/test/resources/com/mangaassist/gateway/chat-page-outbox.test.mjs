// What the chat page does with what it sent when answers go missing, tabs share its outbox, entries
// grow old, or the page reloads mid-conversation (issue 27). Run by ChatPageScriptTest:
//   PAGE_DIR=<src/main/resources/com/mangaassist/gateway/page> node --test chat-page-outbox.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeClock, openChatPage, sharedStorage } from './chat-page-harness.mjs';

const PAGE = process.env.PAGE_DIR;
const CLIENT_SILENCE_MS = 30000; // TurnTimings.defaults().clientSilence(): the page's default
const UNACKED_RESEND_MS = 5000;
const MAX_SENDS = 8;
const ANSWER_DEADLINE_MS = 430000; // TurnTimings.defaults().answerDeadline()

const ack = (messageId, turnSeq = 1, attempt = 1) => ({ type: 'ack', messageId, seq: 0, attempt, turnSeq });
const token = (messageId, seq, text, attempt = 1) => ({ type: 'token', messageId, seq, attempt, text });
const done = (messageId, seq, turnSeq = 2, attempt = 1) => ({
  type: 'done', messageId, seq, attempt, turnSeq, route: 'baseline', usage: { promptTokens: 10, completionTokens: 4 },
  truncated: false, turnsDropped: 0, grounded: false, sources: [],
});
const duplicate = (messageId) => ({ type: 'error', seq: 0, code: 'duplicate', message: 'this message already ended; resume the conversation to see how', messageId });
const resumes = (page) => page.socket.sent.filter((f) => f.action === 'resume');
const tabs = () => ({ storage: sharedStorage(), clock: fakeClock() });

// Finding 1: the answer was stored but its done never came.
test('a duplicate for a message whose done was lost asks for a resume, and the resume shows the stored answer', async () => {
  const page = await openChatPage(PAGE);
  const id = page.ask('Something like Vinland Saga?');
  page.frame(ack(id));
  page.frame(token(id, 1, 'Try Vin'));
  page.tick(CLIENT_SILENCE_MS + 1000); // silent: the page asks for it again
  assert.equal(page.sends().length, 2);
  assert.match(page.answer(id).querySelector('.meta').textContent, /asking for it again/);
  const resumesBefore = resumes(page).length;

  page.frame(duplicate(id)); // the server holds it as ended: only a resume can say how

  assert.equal(resumes(page).length, resumesBefore + 1, 'the page asked for a resume');
  assert.deepEqual(resumes(page).at(-1), { action: 'resume', conversationId: page.socket.sent.at(-1).conversationId, lastSeq: 0 });
  assert.equal(page.answer(id).querySelector('.content').textContent, 'Try Vin', 'the partial answer stays until the resume says');
  assert.ok(!page.answer(id).classList.contains('error'), 'a duplicate of a waiting message is no error');

  page.frame({ type: 'resumed', conversationId: 'c', seq: 0, turns: [
    { seq: 1, role: 'user', messageId: id, text: 'Something like Vinland Saga?', state: 'answered' },
    { seq: 2, role: 'assistant', messageId: id, text: 'Try Vinland Saga.', route: 'baseline', tokens: 4 },
  ] });
  assert.equal(page.answer(id).querySelector('.content').textContent, 'Try Vinland Saga.');
  assert.doesNotMatch(page.answer(id).querySelector('.meta').textContent, /again/);
  assert.deepEqual(page.outbox(), [], 'settled: nothing left to send');
  page.tick(CLIENT_SILENCE_MS + 1000);
  assert.equal(page.sends().length, 2, 'nothing sent after it settled');
});

test('after a reload, a message sent again and refused as duplicate shows the stored answer the resume returns', async () => {
  const shared = tabs();
  const before = await openChatPage(PAGE, shared);
  const id = before.ask('Something like Vinland Saga?');
  before.close(); // reloaded before anything came back; the server stored and answered it meanwhile

  const page = await openChatPage(PAGE, shared);
  assert.deepEqual(page.sends().map((f) => f.messageId), [id], 'the reloaded page sends it again');
  page.frame(duplicate(id));
  assert.equal(resumes(page).length, 2, 'the resume on connecting, and one for the refusal');
  assert.ok(!page.answer(id).classList.contains('error'), 'waiting for the resume, not an error');

  page.frame({ type: 'resumed', conversationId: 'c', seq: 0, turns: [
    { seq: 1, role: 'user', messageId: id, text: 'Something like Vinland Saga?', state: 'answered' },
    { seq: 2, role: 'assistant', messageId: id, text: 'Try Vinland Saga.', route: 'baseline', tokens: 4 },
  ] });
  assert.equal(page.answer(id).querySelector('.content').textContent, 'Try Vinland Saga.');
  assert.ok(!page.answer(id).classList.contains('error'));
  assert.deepEqual(page.outbox(), []);
});

// Finding 2: two tabs share one outbox (localStorage).
test('a second tab does not take over the message the first tab is still waiting on', async () => {
  const shared = tabs();
  const first = await openChatPage(PAGE, shared);
  const id = first.ask('Something like Berserk?');
  first.frame(ack(id));
  first.frame(token(id, 1, 'Try '));

  const second = await openChatPage(PAGE, shared); // its resume ran over the shared outbox
  assert.deepEqual(second.sends(), [], 'the second tab sent nothing on opening');
  for (let i = 0; i < 6; i++) {
    first.tick(10000); // the first tab is alive (and hears its answer: no silence)
    first.frame(token(id, i + 2, '.'));
    second.tick(0);
  }
  assert.deepEqual(second.sends(), [], 'nor later, while the first tab lives');
  first.frame(done(id, 8));
  assert.equal(first.answer(id).querySelector('.content').textContent, 'Try ......');
  assert.deepEqual(first.outbox(), []);
  assert.equal(first.sends().length, 1);
});

test('a tab takes over at once what a closed tab left unanswered', async () => {
  const shared = tabs();
  const first = await openChatPage(PAGE, shared);
  const id = first.ask('Something like Berserk?');
  first.frame(ack(id));
  first.close();

  const second = await openChatPage(PAGE, shared);

  assert.deepEqual(second.sends().map((f) => f.messageId), [id], 'sent again with the same id');
  assert.equal(second.outbox().length, 1);
});

test('a tab whose message another tab took over while it slept leaves it to that tab', async () => {
  const shared = tabs();
  const first = await openChatPage(PAGE, shared);
  const id = first.ask('Something like Berserk?');
  first.frame(ack(id));
  const second = await openChatPage(PAGE, shared);
  shared.clock.now += 120000; // the first tab's timers slept (frozen in the background)
  second.tick(0);
  assert.deepEqual(second.sends().map((f) => f.messageId), [id], 'taken over');
  second.frame(ack(id, 1, 2));

  first.tick(CLIENT_SILENCE_MS); // it wakes up to a silent message that is no longer its own
  second.tick(0);

  assert.equal(first.sends().length, 1, 'the first tab does not take it back');
  assert.equal(second.sends().length, 1);
});

test('a tab takes over what a tab that stopped without a word left, once its heartbeat is stale', async () => {
  const shared = tabs();
  const first = await openChatPage(PAGE, shared);
  const id = first.ask('Something like Berserk?');
  first.frame(ack(id));
  const second = await openChatPage(PAGE, shared);
  second.tick(10000);
  assert.deepEqual(second.sends(), [], 'the first tab beat 10 s ago: it is alive');

  first.crash();
  second.tick(120000);

  assert.deepEqual(second.sends().map((f) => f.messageId), [id]);
  second.frame(ack(id, 1, 2));
  second.frame(done(id, 1, 2, 2));
  assert.deepEqual(second.outbox(), []);
});

// Finding 3: the outbox forgets what it may no longer send, and says so.
test('an entry older than the answer deadline is not sent again on reload: it shows not sent, and a tap sends it as a new message', async () => {
  const shared = tabs();
  const first = await openChatPage(PAGE, shared);
  const old = first.ask('Something like Berserk?'); // never acknowledged: the gateway lost it
  first.close();
  shared.clock.now += ANSWER_DEADLINE_MS + 1000;

  const reloaded = await openChatPage(PAGE, shared);
  reloaded.tick(UNACKED_RESEND_MS + 1000);

  assert.deepEqual(reloaded.sends(), [], 'not sent silently');
  const question = reloaded.question(old);
  assert.ok(question.classList.contains('unsent'));
  const retry = question.querySelector('.retry');
  assert.match(retry.textContent, /not sent — tap to retry/i);

  retry.dispatch('click');
  const [again] = reloaded.sends();
  assert.equal(again.text, 'Something like Berserk?');
  assert.notEqual(again.messageId, old, 'past the deadline the old id could only end expired');
  assert.equal(reloaded.question(old), null);
  assert.ok(!reloaded.question(again.messageId).classList.contains('unsent'));
  assert.deepEqual(reloaded.outbox().map((e) => e.messageId), [again.messageId]);
});

test('an entry sent MAX_SENDS times is not sent again, here or after a reload: it shows not sent until tapped', async () => {
  const shared = tabs();
  const page = await openChatPage(PAGE, shared);
  const id = page.ask('Something like Berserk?');
  for (let i = 0; i < MAX_SENDS + 3; i++) page.tick(UNACKED_RESEND_MS + 1000);
  assert.equal(page.sends().length, MAX_SENDS);
  assert.match(page.question(id).querySelector('.retry').textContent, /not sent — tap to retry/i);
  page.close();

  const reloaded = await openChatPage(PAGE, shared);
  for (let i = 0; i < 3; i++) reloaded.tick(UNACKED_RESEND_MS + 1000);
  assert.deepEqual(reloaded.sends(), [], 'not sent again on reload');
  assert.ok(reloaded.question(id).classList.contains('unsent'));

  reloaded.question(id).querySelector('.retry').dispatch('click');
  assert.deepEqual(reloaded.sends().map((f) => f.messageId), [id], 'within the deadline a tap sends the same message again');
  assert.equal(reloaded.question(id).querySelector('.retry'), null);
  reloaded.frame(ack(id));
  reloaded.frame(done(id, 1));
  assert.deepEqual(reloaded.outbox(), []);
});

// Finding 4: a resumed conversation keeps each answer under its question.
test('a resumed conversation renders each answer under its question, however late it came', async () => {
  const page = await openChatPage(PAGE, { turns: [
    { seq: 1, role: 'user', messageId: 'm1', text: 'Q1', state: 'answered' },
    { seq: 3, role: 'user', messageId: 'm2', text: 'Q2', state: 'answered' },
    { seq: 2, role: 'assistant', messageId: 'm1', text: 'A1 (late)', route: 'overflow' },
    { seq: 4, role: 'assistant', messageId: 'm2', text: 'A2', route: 'baseline' },
  ] });

  assert.deepEqual(page.order(), [['user', 'm1'], ['assistant', 'm1'], ['user', 'm2'], ['assistant', 'm2']]);
  assert.equal(page.answer('m1').querySelector('.content').textContent, 'A1 (late)');
  assert.equal(page.question('m2').querySelector('.content').textContent, 'Q2');
});

test('an answer that starts after a later question was asked is drawn under its own question', async () => {
  const page = await openChatPage(PAGE);
  const first = page.ask('Q1');
  const second = page.ask('Q2');
  page.frame(ack(second, 3));
  page.frame(token(second, 1, 'A2'));
  page.frame(ack(first, 1));
  page.frame(token(first, 1, 'A1'));

  assert.deepEqual(page.order(), [['user', first], ['assistant', first], ['user', second], ['assistant', second]]);
});
