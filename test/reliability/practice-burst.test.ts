import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/app-harness.ts';
import { countRows, rowsOf } from '../support/database.ts';
import { repliesTo, uniqueId } from '../support/quiz-driver.ts';
import { actionBody, postSigned, sendCommand } from '../support/slack-requests.ts';
import { waitFor } from '../support/wait.ts';

// 100 people practise at once over signed HTTP: every click is acknowledged, each answer is
// stored exactly once (double clicks and replayed requests mixed in), and every person's FSRS
// cards agree with the reviews stored for them.

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const PEOPLE = 100;
type Element = { action_id: string; value?: string };
type PostCall = { channel: string; blocks: { block_id?: string; elements?: Element[] }[] };

const dm = (user: string) => `D${user.slice(1)}`;

/** The answer buttons of the latest practice question posted in each person's DM. */
function latestQuestions(harness: Harness, users: string[], after: number): Map<string, Element[]> {
  const found = new Map<string, Element[]>();
  for (const call of harness.slack.callsOf('chat.postMessage').slice(after)) {
    const args = call.args as unknown as PostCall;
    const buttons = args.blocks.find((b) => b.block_id === 'practice')?.elements?.filter((e) => e.value);
    if (buttons?.length) found.set(args.channel, buttons);
  }
  return new Map(users.flatMap((u) => (found.has(dm(u)) ? [[u, found.get(dm(u)) ?? []]] : [])));
}

/** One click as `user`, signed at `timestamp` (the same body and timestamp again is a replay). */
function clickBody(user: string, button: Element, replyId: string, harness: Harness) {
  return actionBody({
    actionId: button.action_id,
    value: button.value ?? '',
    user,
    channel: dm(user),
    responseUrl: harness.slack.responseUrl(replyId),
  });
}

/** Everyone answers their question at once; every third also double-clicks, every fifth replays the request. */
async function burstOfAnswers(harness: Harness, users: string[], questions: Map<string, Element[]>, pick: number) {
  const timestamp = Math.floor(Date.now() / 1000);
  const sends = users.flatMap((u, i) => {
    const buttons = questions.get(u) ?? [];
    const button = buttons[(i + pick) % buttons.length];
    if (!button) throw new Error(`no question for ${u}`);
    const replyId = uniqueId(`${u}-a`);
    const body = clickBody(u, button, replyId, harness);
    const post = () => postSigned(harness.url, body, { timestamp });
    // The click goes once; its replay is sent once the click has arrived (a replay copies a request
    // already seen), so a guard shared through the database cannot take the replay for the original.
    let original: ReturnType<typeof post> | undefined;
    const send = () => {
      original ??= post();
      return original;
    };
    const replay = async () => {
      await send();
      return post();
    };
    const out: { kind: 'click' | 'replay'; user: string; replyId: string; send: typeof send }[] = [
      { kind: 'click', user: u, replyId, send },
    ];
    if (i % 3 === 0) {
      const again = uniqueId(`${u}-b`);
      const second = clickBody(u, button, again, harness);
      out.push({ kind: 'click', user: u, replyId: again, send: () => postSigned(harness.url, second, { timestamp }) });
    }
    if (i % 5 === 0) out.push({ kind: 'replay', user: u, replyId, send: replay });
    return out;
  });
  const results = await Promise.all(sends.map(async (s) => ({ ...s, status: (await s.send()).status })));
  return results;
}

describe('a burst of practice clicks', () => {
  it('acknowledges 100 people answering at once, stores each answer once with its FSRS card, double clicks and replays included', async () => {
    h = await startHarness();
    const harness = h;
    const users = Array.from({ length: PEOPLE }, (_, i) => `U0PB${String(i).padStart(3, '0')}`);

    const startedAt = harness.slack.callsOf('chat.postMessage').length;
    const started = await Promise.all(
      users.map((u) =>
        sendCommand(harness.url, { text: 'practice', user: u, responseUrl: harness.slack.responseUrl(uniqueId(`${u}-p`)) }),
      ),
    );
    expect(started.map((r) => r.status)).toEqual(users.map(() => 200));
    const first = await waitFor(() => {
      const q = latestQuestions(harness, users, startedAt);
      return q.size === PEOPLE ? q : undefined;
    }, 20_000);

    const round1 = await burstOfAnswers(harness, users, first, 0);
    const clicks1 = round1.filter((r) => r.kind === 'click');
    const replays1 = round1.filter((r) => r.kind === 'replay');
    // Every click is acknowledged; an exact replay of a signed request is refused at the door.
    expect(clicks1.map((r) => r.status)).toEqual(clicks1.map(() => 200));
    expect(replays1.map((r) => r.status)).toEqual(replays1.map(() => 401));
    const replies1 = await waitFor(
      () => {
        const all = clicks1.map((c) => repliesTo(harness.slack, c.replyId));
        return all.every((r) => r.length > 0) ? all : undefined;
      },
      20_000,
      'a reply to every click',
    );
    expect(replies1.every((r) => r.length === 1)).toBe(true);
    // Per person: one verdict, and a double click is told it counted once.
    for (const u of users) {
      const texts = clicks1.filter((c) => c.user === u).map((c) => repliesTo(harness.slack, c.replyId)[0]?.text ?? '');
      expect(
        texts.filter((t) => t === '✅ Correct' || t === '❌ Not quite'),
        u,
      ).toHaveLength(1);
      expect(
        texts.filter((t) => /already answered/.test(t)),
        u,
      ).toHaveLength(texts.length - 1);
    }
    expect(await countRows(harness.runtime.storage, 'practice_reviews')).toBe(PEOPLE);

    // Next for everyone, then a second burst on the new questions.
    const nextAt = harness.slack.callsOf('chat.postMessage').length;
    const nexts = await Promise.all(
      users.map((u) => {
        const sessionId = (first.get(u)?.[0]?.value ?? '').split(':')[0] ?? '';
        return postSigned(
          harness.url,
          clickBody(u, { action_id: 'practice_next', value: sessionId }, uniqueId(`${u}-n`), harness),
        );
      }),
    );
    expect(nexts.every((r) => r.status === 200)).toBe(true);
    const second = await waitFor(() => {
      const q = latestQuestions(harness, users, nextAt);
      return q.size === PEOPLE ? q : undefined;
    }, 20_000);
    for (const u of users) expect(second.get(u)?.[0]?.value?.split(':')[1]).not.toBe(first.get(u)?.[0]?.value?.split(':')[1]);
    const round2 = await burstOfAnswers(harness, users, second, 1);
    expect(round2.filter((r) => r.kind === 'click').every((r) => r.status === 200)).toBe(true);
    await waitFor(
      () => round2.filter((r) => r.kind === 'click').every((c) => repliesTo(harness.slack, c.replyId).length > 0),
      20_000,
      'a reply to every second click',
    );
    expect(await countRows(harness.runtime.storage, 'practice_reviews')).toBe(2 * PEOPLE);

    // The FSRS state agrees with what was stored: per person and question, reps = reviews and
    // misses = wrong reviews; per session, asked and correct = its reviews.
    const reviews = await rowsOf<{ user_id: string; question_id: string; is_correct: number; session_id: number }>(
      harness.runtime.storage,
      'practice_reviews',
      ['user_id', 'question_id', 'is_correct', 'session_id'],
    );
    const cards = await rowsOf<{ user_id: string; question_id: string; reps: number; misses: number }>(
      harness.runtime.storage,
      'practice_cards',
      ['user_id', 'question_id', 'reps', 'misses'],
    );
    expect(cards).toHaveLength(2 * PEOPLE);
    for (const c of cards) {
      const mine = reviews.filter((r) => r.user_id === c.user_id && r.question_id === c.question_id);
      expect({ reps: c.reps, misses: c.misses }).toEqual({ reps: mine.length, misses: mine.filter((r) => !r.is_correct).length });
    }
    const sessions = await rowsOf<{ id: number; asked: number; correct: number }>(harness.runtime.storage, 'practice_sessions', [
      'id',
      'asked',
      'correct',
    ]);
    expect(sessions).toHaveLength(PEOPLE);
    for (const s of sessions) {
      const mine = reviews.filter((r) => r.session_id === s.id);
      expect({ asked: s.asked, correct: s.correct }).toEqual({ asked: 2, correct: mine.filter((r) => r.is_correct).length });
    }
    expect(harness.logs.filter((l) => /"level":"error"/.test(l))).toEqual([]);
  });
});
