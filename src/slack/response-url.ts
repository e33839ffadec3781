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
  // stays open for the next one: a burst of clicks reuses a few connections instead of opening one each.
  const agentOptions = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64 };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
  const post: PostToResponseUrl = (responseUrl, message) =>
    new Promise<void>((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(responseUrl);
      } catch {
        reject(new ResponseUrlError('invalid_response_url', 'The response_url is not a URL.'));
        return;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        reject(new ResponseUrlError('invalid_response_url', 'The response_url is not an http(s) URL.'));
        return;
      }
      const body = JSON.stringify(message);
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(url, {
        method: 'POST',
        agent: agents[url.protocol],
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      const timer = setTimeout(() => {
        req.destroy(new ResponseUrlError('timeout', `response_url did not answer within ${o.timeoutMs} ms.`));
      }, o.timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        reject(err);
      };
      req.on('error', fail);
      req.on('response', (res) => {
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
  return {
    post,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
