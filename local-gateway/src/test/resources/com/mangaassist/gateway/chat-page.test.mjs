// What the chat page draws under a finished answer: its sources, numbered in the done's order with
// their titles as text, or the quiet note for an answer without store context. Run by
// ChatPageScriptTest:  PAGE_DIR=<src/main/resources/com/mangaassist/gateway/page> node --test chat-page.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openChatPage } from './chat-page-harness.mjs';

const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';
const SOURCES = [
  { id: 'berserk', kind: 'catalog', title: 'Berserk' },
  { id: 'returns-en', kind: 'policy', title: HOSTILE_TITLE },
  { id: 'order-1234', kind: 'order', title: 'Order 1234' },
];

const ack = (messageId, attempt = 1) => ({ type: 'ack', messageId, seq: 0, attempt, turnSeq: 1 });
const token = (messageId, seq, text, attempt = 1) => ({ type: 'token', messageId, seq, attempt, text });
const done = (messageId, seq, sources, attempt = 1) => ({
  type: 'done', messageId, seq, attempt, turnSeq: 2, route: 'baseline', usage: { promptTokens: 10, completionTokens: 4 },
  truncated: false, turnsDropped: 0, grounded: sources.length > 0, sources,
});

async function answered(sources) {
  const page = await openChatPage(process.env.PAGE_DIR);
  const id = page.ask('Something like Berserk, and can I return it?');
  page.frame(ack(id));
  page.frame(token(id, 1, 'Try Berserk [1]; returns take 30 days [2].'));
  page.frame(done(id, 2, sources));
  return { page, id, answer: page.answer(id) };
}

test('a grounded answer lists its sources under the answer, numbered in the order of the done', async () => {
  const { answer } = await answered(SOURCES);

  const list = answer.querySelector('.sources');
  assert.ok(list, 'a sources list');
  assert.equal(answer.children.at(-1), list, 'under the answer text and its meta');
  assert.deepEqual(list.querySelectorAll('li').map((li) => li.textContent),
    ['[1] Berserk catalog', `[2] ${HOSTILE_TITLE} policy`, '[3] Order 1234 order']);
  assert.deepEqual(list.querySelectorAll('.kind').map((k) => k.dataset.kind), ['catalog', 'policy', 'order']);
  assert.equal(answer.querySelector('.content').textContent, 'Try Berserk [1]; returns take 30 days [2].');
  assert.match(answer.querySelector('.meta').textContent, /baseline/);
  assert.equal(answer.querySelector('.ungrounded'), null);
});

test('a source title is shown as literal text, never as markup', async () => {
  const { page, answer } = await answered(SOURCES);

  const title = answer.querySelectorAll('.title')[1];
  assert.equal(title.textContent, HOSTILE_TITLE);
  assert.deepEqual(title.children, [], 'the title is one text node');
  assert.deepEqual(page.all('img'), [], 'no element was made from the title');
});

test('an answer without store context says so quietly and lists nothing', async () => {
  const { answer } = await answered([]);

  assert.equal(answer.querySelector('.ungrounded').textContent, 'answered without store context');
  assert.equal(answer.querySelector('.sources'), null);
});

test('nothing is claimed before the done, nor for an answer only a resume restored', async () => {
  const page = await openChatPage(process.env.PAGE_DIR);
  const id = page.ask('Something like Berserk?');
  page.frame(ack(id));
  page.frame(token(id, 1, 'Try '));
  assert.equal(page.answer(id).querySelectorAll('.sources, .ungrounded').length, 0, 'while streaming');

  const reloaded = await openChatPage(process.env.PAGE_DIR);
  reloaded.frame({ type: 'resumed', conversationId: 'c1', seq: 0, turns: [
    { seq: 1, role: 'user', messageId: 'm1', text: 'q', state: 'answered' },
    { seq: 2, role: 'assistant', messageId: 'm1', text: 'the stored answer', route: 'baseline', tokens: 3 },
  ] });
  assert.equal(reloaded.answer('m1').querySelector('.content').textContent, 'the stored answer');
  assert.equal(reloaded.answer('m1').querySelectorAll('.sources, .ungrounded').length, 0, 'stored turns do not say');
});

test('a later attempt takes the earlier attempt\'s sources away until its own done', async () => {
  const { page, id } = await answered(SOURCES);

  page.frame(ack(id, 2));
  page.frame(token(id, 1, 'Try ', 2));
  assert.equal(page.answer(id).querySelector('.sources'), null);
  page.frame(done(id, 2, SOURCES.slice(0, 1), 2));
  assert.deepEqual(page.answer(id).querySelectorAll('li').map((li) => li.textContent), ['[1] Berserk catalog']);
});

test('a resume redraw keeps the sources this page was sent', async () => {
  const { page, id } = await answered(SOURCES);

  page.frame({ type: 'resumed', conversationId: 'c1', seq: 0, turns: [
    { seq: 1, role: 'user', messageId: id, text: 'q', state: 'answered' },
    { seq: 2, role: 'assistant', messageId: id, text: 'Try Berserk [1]; returns take 30 days [2].', route: 'baseline', tokens: 4 },
  ] });
  assert.equal(page.answer(id).querySelectorAll('li').length, 3);
});
