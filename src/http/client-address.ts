// Who is on the other end of a request: the socket's address, or, behind
// trusted proxies (JGG_TRUSTED_PROXIES), the client X-Forwarded-For names.
import type { IncomingMessage } from 'node:http';
import { addressAllowed } from '../auth/ip-allow.ts';

/** The client's address: the socket's, or X-Forwarded-For's when the socket is a trusted proxy. */
export function clientAddress(
  req: IncomingMessage | undefined,
  forwardedFor: string | null,
  trusted: readonly string[],
): string {
  const socket = (req?.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  if (!forwardedFor || trusted.length === 0 || !addressAllowed(socket, trusted)) return socket;
  // Walk from the nearest hop back; the first address that is not a trusted proxy is the client.
  const hops = forwardedFor
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!addressAllowed(hop, trusted)) return hop;
  }
  return hops[0] ?? socket;
}
