import { Client } from 'pg';

const retryDelayMs = 1_000;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries). If it drops,
 * it reconnects, and reports an empty payload: notifications may have been missed meanwhile.
 */
export async function subscribePostgres(
  url: string,
  channel: string,
  onMessage: (payload: string) => void,
): Promise<() => Promise<void>> {
  let client: Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel === channel) onMessage(message.payload ?? '');
    });
    next.on('error', () => {
      void next.end().catch(() => undefined);
      if (!closed) retry = setTimeout(reconnect, retryDelayMs);
    });
    await next.connect();
    await next.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    client = next;
  };
  const reconnect = () => {
    connect().then(
      () => onMessage(''),
      () => {
        if (!closed) retry = setTimeout(reconnect, retryDelayMs);
      },
    );
  };

  await connect();
  return async () => {
    closed = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
