/**
 * The yardstick for the click benchmark: a Bolt app in HTTP mode that does the least any Slack app
 * must do per button click. BARE_MODE=reply (the default) acks and sends one fixed private reply
 * through response_url; BARE_MODE=ack only acks. Prints one JSON line when it is listening.
 *
 *   PORT=3001 SLACK_SIGNING_SECRET=… SLACK_API_URL=http://127.0.0.1:…/api/ npx tsx bench/bare-app.ts
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type BlockButtonAction, HTTPReceiver, LogLevel } from '@slack/bolt';

const mode = process.env.BARE_MODE === 'ack' ? 'ack' : 'reply';
const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '', endpoints: '/slack/events' });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN ?? 'xoxb-0-bare',
  receiver,
  // Bolt's defaults: auth.test once, at start (against the fake Slack), for the bot's ids.
  clientOptions: process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {},
  logLevel: process.env.BARE_DEBUG ? LogLevel.DEBUG : LogLevel.ERROR,
});

app.action<BlockButtonAction>(/^answer_[a-e]$/, async ({ ack, respond }) => {
  await ack();
  if (mode === 'reply') await respond({ response_type: 'ephemeral', replace_original: false, text: 'Thanks, noted.' });
});

const server = (await app.start(Number(process.env.PORT ?? 0))) as Server;
console.log(JSON.stringify({ event: 'ready', mode, port: (server.address() as AddressInfo).port }));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
