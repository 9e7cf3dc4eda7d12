// Replays shared's golden reply transcripts through the chat page's reply-model.js: the page and
// the Java clients (ReplyAssembler) follow one contract. Run by ReplyModelScriptTest:
//   REPLY_MODEL=<reply-model.js> REPLY_FIXTURES=<chat-client/src/test/resources/wire/replies> node --test reply-model.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

vm.runInThisContext(readFileSync(process.env.REPLY_MODEL, 'utf8'), { filename: 'reply-model.js' });
const { createReplyModel } = globalThis.MangaAssistReplies;
const dir = process.env.REPLY_FIXTURES;
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

test('there are golden transcripts to replay', () => assert.ok(files.length >= 10, `only ${files.length} in ${dir}`));

for (const file of files) {
  test(file, () => {
    const transcript = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const model = createReplyModel();
    for (const step of transcript.steps) {
      if (step.send) model.sent(step.send);
      else model.apply(step.frame);
    }
    for (const [messageId, expected] of Object.entries(transcript.expect)) {
      const view = model.view(messageId);
      assert.ok(view, `${messageId} has a view`);
      for (const field of ['status', 'attempt', 'text', 'code', 'retryAfterMs', 'questionSeq', 'answerSeq', 'supersedes']) {
        assert.deepEqual(view[field], expected[field], `${messageId} ${field}`);
      }
      // Optional in a transcript (older ones predate grounded answers, resume requests, ratings and quotas); checked when given.
      for (const field of ['grounded', 'sources', 'resumeWanted', 'rating', 'retryable']) {
        if (field in expected) assert.deepEqual(view[field], expected[field], `${messageId} ${field}`);
      }
    }
    // Optional: messages the model must not hold (a frame about them started nothing), and how many views it holds.
    for (const messageId of transcript.absent ?? []) assert.equal(model.view(messageId), null, `${messageId} absent`);
    if ('views' in transcript) assert.equal(model.views().length, transcript.views, 'views');
    assert.deepEqual(model.unsettled(), transcript.unsettled, 'unsettled');
    assert.deepEqual(model.resumeCursor(), transcript.resumeCursor, 'resumeCursor');
    // Whether the client should send resume now (a duplicate for a message it still waits on); false when left out.
    assert.equal(model.resumeWanted(), transcript.resumeWanted ?? false, 'resumeWanted');
    // The caller's usage the model holds, as on the wire; null when left out.
    assert.deepEqual(model.quota(), transcript.quota ?? null, 'quota');
  });
}
