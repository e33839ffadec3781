import { describe, expect, it } from 'vitest';
import { type Harness, harnessPerTest } from './support/app-harness.ts';
import { sendCommand } from './support/slack-requests.ts';
import { waitFor } from './support/wait.ts';

const start = harnessPerTest();

let n = 0;
async function ask(h: Harness, text: string, user = 'U0ALICE') {
  const id = `help-${++n}`;
  const res = await sendCommand(h.url, { text, user, responseUrl: h.slack.responseUrl(id) });
  expect(res.status).toBe(200);
  return { id, ack: res.text ? JSON.stringify(res.json) : '' };
}
const followUp = (h: Harness, id: string) => h.slack.responses.find((r) => r.path === `/response/${id}`);

describe('/aws help', () => {
  it('shows everyone the rules and their commands, and no admin commands', async () => {
    const h = await start();
    const { id, ack } = await ask(h, 'help');
    expect(ack).toContain('How the daily quiz works');
    expect(ack).toContain('For everyone');
    expect(ack).toContain('/aws leaderboard [week|month|all]');
    expect(ack).not.toMatch(/For admins|quiz setup|quiz here/);
    // Slack was asked whether Alice is a workspace admin; she is not, so nothing follows.
    await waitFor(() => h.slack.callsOf('users.info').length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(followUp(h, id)).toBeUndefined();
  });

  it('shows an admin named in ADMIN_USER_IDS the admin commands at once', async () => {
    const h = await start();
    const { ack } = await ask(h, 'help', 'U0ADMIN');
    expect(ack).toContain('For everyone');
    expect(ack).toContain('For admins');
    expect(ack).toContain('/aws quiz setup');
  });

  it('sends a workspace admin their part once Slack says they are one, and in the reply after that', async () => {
    const h = await start();
    h.slack.admins.add('U0OWNER');
    const first = await ask(h, 'help me', 'U0OWNER');
    expect(first.ack).not.toContain('For admins');
    const more = await waitFor(() => followUp(h, first.id), 5000, 'admin help');
    expect(JSON.stringify(more.body)).toContain('/aws quiz here [cron] [zone]');
    expect((await ask(h, 'help', 'U0OWNER')).ack).toContain('For admins');
  });
});

describe('near-commands', () => {
  it('answers `topics lambda` with that topic and how to use it', async () => {
    const h = await start();
    const { ack } = await ask(h, 'topics lambda');
    expect(ack).toContain('(`lambda`)');
    expect(ack).toContain('`/aws practice lambda`');
    expect(ack).not.toContain('(`ecs`)');
  });

  it('reads `leaderboard weekly` and `leaderboard all time`', async () => {
    const h = await start();
    expect((await ask(h, 'leaderboard weekly')).ack).toMatch(/week of/);
    expect((await ask(h, 'leaderboard all time')).ack).toMatch(/all time/);
  });

  it('asks "did you mean" for a mistyped command instead of looking it up', async () => {
    const h = await start();
    expect((await ask(h, 'leaderbord')).ack).toContain('Did you mean `/aws leaderboard`?');
    expect((await ask(h, 'pratice lambda')).ack).toContain('Did you mean `/aws practice lambda`?');
    const admin = await ask(h, 'quiz stauts', 'U0ADMIN');
    const reply = await waitFor(() => followUp(h, admin.id), 5000, 'quiz typo');
    expect(JSON.stringify(reply.body)).toContain('Did you mean `/aws quiz status`?');
    // Permission before syntax: someone else learns only that it is for admins.
    const other = await ask(h, 'quiz stauts', 'U0BOB');
    expect(JSON.stringify((await waitFor(() => followUp(h, other.id), 5000, 'not admin')).body)).toMatch(/Only quiz admins/);
  });
});
