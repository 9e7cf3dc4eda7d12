// The 👍/👎 under each answered message (ADR 0045): what a click sends, how the choice shows once
// the server confirms it, what a refusal says, and the stored choice after a reload. Run by
// ChatPageScriptTest:  PAGE_DIR=<src/main/resources/com/mangaassist/gateway/page> node --test chat-page-feedback.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openChatPage } from './chat-page-harness.mjs';

const ack = (messageId) => ({ type: 'ack', messageId, seq: 0, attempt: 1, turnSeq: 1 });
const token = (messageId, seq, text) => ({ type: 'token', messageId, seq, attempt: 1, text });
const done = (messageId, seq) => ({
  type: 'done', messageId, seq, attempt: 1, turnSeq: 2, route: 'baseline', usage: { promptTokens: 10, completionTokens: 4 },
  truncated: false, turnsDropped: 0, grounded: false, sources: [],
});
const saved = (messageId, rating) => ({ type: 'feedbackSaved', messageId, seq: 0, rating });

async function answered() {
  const page = await openChatPage(process.env.PAGE_DIR);
  const id = page.ask('Something like Berserk?');
  page.frame(ack(id));
  page.frame(token(id, 1, 'Try Vagabond.'));
  page.frame(done(id, 2));
  return { page, id };
}

function buttons(page, id) {
  return Object.fromEntries(page.answer(id).querySelectorAll('.rate').map((b) => [b.dataset.rating, b]));
}

function feedbackSent(page) {
  return page.socket.sent.filter((f) => f.action === 'feedback');
}

test('an answered message shows a thumbs up and a thumbs down, nothing chosen', async () => {
  const { page, id } = await answered();

  const { up, down } = buttons(page, id);
  assert.equal(up.textContent, '👍');
  assert.equal(down.textContent, '👎');
  assert.equal(up.getAttribute('aria-label'), 'Good answer');
  assert.equal(up.getAttribute('aria-pressed'), 'false');
  assert.equal(down.getAttribute('aria-pressed'), 'false');
  assert.equal(page.answer(id).querySelector('.content').textContent, 'Try Vagabond.', 'the answer text is left alone');
});

test('no buttons while the answer streams, nor under a failed one', async () => {
  const page = await openChatPage(process.env.PAGE_DIR);
  const streaming = page.ask('Something like Berserk?');
  page.frame(ack(streaming));
  page.frame(token(streaming, 1, 'Try '));
  assert.deepEqual(page.answer(streaming).querySelectorAll('.rate'), []);

  const failed = page.ask('Tell me everything');
  page.frame({ type: 'ack', messageId: failed, seq: 0, attempt: 1, turnSeq: 3 });
  page.frame({ type: 'error', messageId: failed, seq: 1, attempt: 1, code: 'capacity_limit', message: 'too large' });
  assert.deepEqual(page.answer(failed).querySelectorAll('.rate'), []);
  assert.deepEqual(feedbackSent(page), []);
});

test('a click sends the rating of that message, shows it pending, and chosen once the server saved it', async () => {
  const { page, id } = await answered();

  buttons(page, id).down.dispatch('click');

  assert.deepEqual(feedbackSent(page), [{ action: 'feedback', conversationId: page.sends().at(-1).conversationId, messageId: id, rating: 'down' }]);
  assert.ok(buttons(page, id).down.classList.contains('pending'), 'pending until confirmed');
  assert.equal(buttons(page, id).down.getAttribute('aria-pressed'), 'false');

  page.frame(saved(id, 'down'));
  assert.equal(buttons(page, id).down.getAttribute('aria-pressed'), 'true');
  assert.ok(buttons(page, id).down.classList.contains('chosen'));
  assert.ok(!buttons(page, id).down.classList.contains('pending'));
  assert.equal(buttons(page, id).up.getAttribute('aria-pressed'), 'false');
});

test('a change of mind sends the other rating and shows only the new choice', async () => {
  const { page, id } = await answered();
  buttons(page, id).up.dispatch('click');
  page.frame(saved(id, 'up'));

  buttons(page, id).down.dispatch('click');
  page.frame(saved(id, 'down'));

  assert.deepEqual(feedbackSent(page).map((f) => f.rating), ['up', 'down']);
  assert.equal(buttons(page, id).up.getAttribute('aria-pressed'), 'false');
  assert.equal(buttons(page, id).down.getAttribute('aria-pressed'), 'true');
  assert.equal(page.answer(id).querySelectorAll('.rate').length, 2, 'one pair of buttons, however often it was drawn');
});

test('a refused rating is said beside the buttons; the answer and the confirmed choice stay as they were', async () => {
  const { page, id } = await answered();
  buttons(page, id).up.dispatch('click');
  page.frame(saved(id, 'up'));

  buttons(page, id).down.dispatch('click');
  page.frame({ type: 'error', messageId: id, seq: 0, code: 'rate_limited', message: 'too many ratings', retryAfterMs: 2000 });

  const answer = page.answer(id);
  assert.match(answer.querySelector('.feedback-note').textContent, /^Your rating was not saved: .* Try again in 2 s\.$/);
  assert.equal(buttons(page, id).up.getAttribute('aria-pressed'), 'true');
  assert.ok(!buttons(page, id).down.classList.contains('pending'));
  assert.ok(!answer.classList.contains('error'), 'the answer itself did not fail');
  assert.equal(answer.querySelector('.content').textContent, 'Try Vagabond.');

  buttons(page, id).down.dispatch('click');
  page.frame(saved(id, 'down'));
  assert.equal(answer.querySelector('.feedback-note').textContent, '', 'a later success clears the note');
});

test('after a reload the rating stored with the answer shows as the choice', async () => {
  const page = await openChatPage(process.env.PAGE_DIR, { turns: [
    { seq: 1, role: 'user', messageId: 'm1', text: 'q1', state: 'answered' },
    { seq: 2, role: 'assistant', messageId: 'm1', text: 'the stored answer', route: 'baseline', tokens: 3, rating: 'up' },
    { seq: 3, role: 'user', messageId: 'm2', text: 'q2', state: 'answered' },
    { seq: 4, role: 'assistant', messageId: 'm2', text: 'another answer', route: 'overflow', tokens: 2 },
  ] });

  assert.equal(buttons(page, 'm1').up.getAttribute('aria-pressed'), 'true');
  assert.equal(buttons(page, 'm1').down.getAttribute('aria-pressed'), 'false');
  assert.equal(buttons(page, 'm2').up.getAttribute('aria-pressed'), 'false');
  assert.equal(buttons(page, 'm2').down.getAttribute('aria-pressed'), 'false');
  assert.deepEqual(feedbackSent(page), [], 'showing a stored rating sends nothing');
});

test('the confirmation of an earlier rating leaves the later one pending, and its refusal is still said', async () => {
  const { page, id } = await answered();
  buttons(page, id).up.dispatch('click');
  buttons(page, id).down.dispatch('click'); // before the 👍 was confirmed

  page.frame(saved(id, 'up'));
  assert.equal(buttons(page, id).up.getAttribute('aria-pressed'), 'true', 'the confirmed choice shows');
  assert.ok(buttons(page, id).down.classList.contains('pending'), 'the 👎 still waits for its own reply');

  page.frame({ type: 'error', messageId: id, seq: 0, code: 'rate_limited', message: 'too many ratings', retryAfterMs: 1000 });
  const answer = page.answer(id);
  assert.match(answer.querySelector('.feedback-note').textContent, /^Your rating was not saved: .* Try again in 1 s\.$/);
  assert.ok(!buttons(page, id).down.classList.contains('pending'));
  assert.equal(buttons(page, id).up.getAttribute('aria-pressed'), 'true');
  assert.ok(!answer.classList.contains('error'), 'the refusal is the rating\'s, not the answer\'s');

  buttons(page, id).down.dispatch('click');
  page.frame(saved(id, 'down'));
  assert.equal(buttons(page, id).down.getAttribute('aria-pressed'), 'true');
  assert.equal(answer.querySelector('.feedback-note').textContent, '');
});

test('both confirmations of a quick change of mind settle it on the later rating', async () => {
  const { page, id } = await answered();
  buttons(page, id).up.dispatch('click');
  buttons(page, id).down.dispatch('click');

  page.frame(saved(id, 'up'));
  page.frame(saved(id, 'down'));

  assert.equal(buttons(page, id).down.getAttribute('aria-pressed'), 'true');
  assert.equal(buttons(page, id).up.getAttribute('aria-pressed'), 'false');
  assert.ok(!buttons(page, id).down.classList.contains('pending'));
  assert.ok(!buttons(page, id).up.classList.contains('pending'));
});

test('a rating in flight when the socket closes shows as not saved, not pending forever, and can be clicked again', async () => {
  const { page, id } = await answered();
  buttons(page, id).up.dispatch('click');
  page.frame(saved(id, 'up'));
  buttons(page, id).down.dispatch('click');
  assert.ok(buttons(page, id).down.classList.contains('pending'));

  page.socket.readyState = 3; // CLOSED
  page.socket.onclose({ code: 1006 });

  const answer = page.answer(id);
  assert.ok(!buttons(page, id).down.classList.contains('pending'), 'no longer pending');
  assert.match(answer.querySelector('.feedback-note').textContent, /not have been saved; click it again\.$/);
  assert.equal(buttons(page, id).up.getAttribute('aria-pressed'), 'true', 'the confirmed choice stays');
  assert.ok(!answer.classList.contains('error'), 'the answer itself did not fail');

  // Connected again: a click sends the rating anew, and its confirmation shows it.
  page.socket.readyState = 1;
  buttons(page, id).down.dispatch('click');
  assert.deepEqual(feedbackSent(page).map((f) => f.rating), ['up', 'down', 'down']);
  assert.ok(buttons(page, id).down.classList.contains('pending'));
  page.frame(saved(id, 'down'));
  assert.equal(buttons(page, id).down.getAttribute('aria-pressed'), 'true');
  assert.equal(answer.querySelector('.feedback-note').textContent, '');
});
