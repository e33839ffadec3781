import http from 'node:http';
import https from 'node:https';

/** What Slack answered a response_url post with, when it was not a 2xx. */
export class ResponseUrlError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ResponseUrlError';
  }
}

export type PostToResponseUrl = (responseUrl: string, message: object) => Promise<void>;

export interface ResponseUrlOptions {
  /** The whole post, from sending to the last byte of Slack's answer. */
  timeoutMs: number;
  /** Origins besides Slack's own that replies may go to: the SLACK_API_URL's, when one is set. */
  extraOrigins?: readonly string[];
  /** Told of every refused URL, without its query string. */
  onRefused?: (where: { origin: string; path: string }) => void;
}

/** Slack's response_url hosts (commercial and GovSlack). A URL in a payload is only ever sent to these. */
export const SLACK_REPLY_ORIGINS = ['https://hooks.slack.com', 'https://hooks.slack-gov.com'] as const;

/** Whether a URL from a payload is one this app may post a reply to. */
export function isSlackReplyUrl(url: URL, extraOrigins: readonly string[] = []): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  return (SLACK_REPLY_ORIGINS as readonly string[]).includes(url.origin) || extraOrigins.includes(url.origin);
}

/** The origin of a configured Web API URL, which the fake Slack of tests also serves replies from. */
export function originOf(apiUrl: string | undefined): string[] {
  if (!apiUrl) return [];
  try {
    return [new URL(apiUrl).origin];
  } catch {
    return [];
  }
}

/**
 * Posts messages to response_url (private replies, and replies to slash commands after the ack).
 *
 * Bolt's respond() sends them with fetch, and every click sends one. Node's fetch builds a web
 * stream for each body, clones the request, and needs an AbortSignal for a timeout: in the click
 * benchmark's profile that was as much CPU as grading and storing the answer. This writes the JSON
 * with node:http(s) over kept-alive connections and gives up after `timeoutMs`.
 */
export function responseUrlPoster(o: ResponseUrlOptions): { post: PostToResponseUrl; close(): void } {
  // At most 64 replies in flight at once (more wait for a free connection), and every connection
  // stays open for the next one: a burst of clicks reuses a few connections instead of opening one
  // each. An idle connection is closed after 4 s, or a second before the server's own Keep-Alive
  // timeout when it announces a shorter one, so a reply is rarely sent on a connection the server
  // is closing.
  const agentOptions = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64, timeout: 4000 };
  let isClosed = false;
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
  /**
   * One attempt. A kept-alive connection can be closed by the far end just as it is reused; the
   * request then fails with ECONNRESET before any answer, and, when `mayRetry`, is sent once more
   * on a fresh connection (Node's documented remedy). The server may in rare cases have read it
   * already, so only a private reply is sent twice, never a message everyone in the channel sees.
   * Slack's response_url does not redirect; a 3xx is an error like any other non-2xx.
   */
  const send = (url: URL, body: string, mayRetry: boolean): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(url, {
        method: 'POST',
        agent: agents[url.protocol as keyof typeof agents],
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      const timer = setTimeout(() => {
        req.destroy(new ResponseUrlError('timeout', `response_url did not answer within ${o.timeoutMs} ms.`));
      }, o.timeoutMs);
      let answered = false;
      const fail = (err: Error & { code?: string }) => {
        clearTimeout(timer);
        if (mayRetry && !answered && !isClosed && req.reusedSocket && err.code === 'ECONNRESET') {
          send(url, body, false).then(resolve, reject);
        } else reject(err);
      };
      req.on('error', fail);
      req.on('response', (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        // Read the answer to its end, so the connection goes back to the pool for the next reply.
        res.on('error', fail);
        res.on('end', () => {
          clearTimeout(timer);
          if (status >= 200 && status < 300) resolve();
          else reject(new ResponseUrlError(`http_${status}`, `response_url answered ${status}.`));
        });
        res.resume();
      });
      req.end(body);
    });

  const extraOrigins = o.extraOrigins ?? [];
  const post: PostToResponseUrl = (responseUrl, message) => {
    let url: URL;
    try {
      url = new URL(responseUrl);
    } catch {
      return Promise.reject(new ResponseUrlError('invalid_response_url', 'The response_url is not a URL.'));
    }
    // A response_url comes inside the request body: it is Slack's only when it points at Slack.
    if (!isSlackReplyUrl(url, extraOrigins)) {
      o.onRefused?.({ origin: url.origin, path: url.pathname });
      return Promise.reject(new ResponseUrlError('response_url_refused', 'The response_url is not a Slack address.'));
    }
    const isPublic = (message as { response_type?: string }).response_type === 'in_channel';
    return send(url, JSON.stringify(message), !isPublic);
  };
  return {
    post,
    close() {
      isClosed = true;
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
