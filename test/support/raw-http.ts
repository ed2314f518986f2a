// A client that writes HTTP by hand over a socket, for what fetch will not
// do: send headers and part of a body and then stall, declare a body it never
// sends, or hold a connection open doing nothing. It reports what came back
// and when the server closed the connection.
import { connect, type Socket } from 'node:net';

export interface RawExchange {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves once the server closes the connection: the text it sent and how long after opening. */
  closed: Promise<{ text: string; afterMs: number }>;
  /** Resolves with the status line's code once a response head has arrived. */
  status(): Promise<number>;
}

/** Opens a connection to `url`'s host and port and writes `head` (and `body`, if any) to it. */
export function rawRequest(url: string, head: string, body = ''): RawExchange {
  const { hostname, port } = new URL(url);
  const startedAt = performance.now();
  const socket = connect({ host: hostname, port: Number(port) });
  let text = '';
  const listeners: (() => void)[] = [];
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
    for (const listener of listeners.splice(0)) listener();
  });
  // A reset (the server closing while we still write) is a close too.
  socket.on('error', () => {});
  const closed = new Promise<{ text: string; afterMs: number }>((resolve) => {
    socket.on('close', () => resolve({ text, afterMs: performance.now() - startedAt }));
  });
  socket.write(head + body);
  return {
    socket,
    received: () => text,
    closed,
    status() {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
          if (match) resolve(Number(match[1]));
          else listeners.push(check);
        };
        closed.then(() => {
          const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
          if (match) resolve(Number(match[1]));
          else reject(new Error(`connection closed without a response (got ${JSON.stringify(text)})`));
        });
        check();
      });
    },
  };
}

/** A request head for POST /graphql; `headers` are written as given, one per line, in order. */
export function postHead(url: string, headers: [string, string][]): string {
  const { host } = new URL(url);
  const lines = [`POST /graphql HTTP/1.1`, `Host: ${host}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
