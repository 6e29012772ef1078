import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../lambda/http/client-address.ts';
import { clientKey } from '../../../lambda/http/client-key.ts';

const app = new Hono();
app.get('/who', (c) => c.text(clientAddress(c) ?? '(none)'));

/** An API Gateway HTTP API (payload 2.0) event, as Lambda receives it. */
function httpApiEvent(sourceIp: string, headers: Record<string, string> = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/who',
    rawQueryString: '',
    headers: { host: 'api.example.org', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: { method: 'GET', path: '/who', protocol: 'HTTP/1.1', sourceIp, userAgent: 'test' },
      requestId: 'r1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Dec/2026:08:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    isBase64Encoded: false,
  };
}

describe('clientAddress', () => {
  it('on Lambda, is the source IP API Gateway saw, never X-Forwarded-For', async () => {
    const handler = handle(app);
    const result = await handler(
      httpApiEvent('203.0.113.7', { 'x-forwarded-for': '198.51.100.1' }) as unknown as LambdaEvent,
    );
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('203.0.113.7');
  });

  it('on Node, is the socket peer, never X-Forwarded-For', async () => {
    const { port, close } = await new Promise<{ port: number; close: () => void }>((resolve) => {
      const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
        resolve({ port: (info as AddressInfo).port, close: () => server.close() }),
      );
    });
    try {
      const response = await fetch(`http://127.0.0.1:${port}/who`, {
        headers: { 'x-forwarded-for': '198.51.100.1' },
      });
      expect(await response.text()).toBe('127.0.0.1');
    } finally {
      close();
    }
  });

  it('is undefined where there is no connection (app.request)', async () => {
    const response = await app.request('/who', { headers: { 'x-forwarded-for': '198.51.100.1' } });
    expect(await response.text()).toBe('(none)');
  });
});

describe('clientKey', () => {
  it('keys IPv4 by the address, IPv4-mapped IPv6 too', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('keys IPv6 by its /64, however it is written', () => {
    const key = clientKey('2001:db8:1:2:aaaa::1');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(key);
    expect(clientKey('2001:DB8:1:2::9%eth0')).toBe(key);
    expect(clientKey('2001:db8:1:3::1')).not.toBe(key);
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });

  it('puts unknown and unparseable addresses in one shared key', () => {
    expect(clientKey(undefined)).toBe('unknown');
    expect(clientKey('not an address')).toBe('unknown');
    expect(clientKey('1:2:3:4:5:6:7:8:9')).toBe('unknown');
    expect(clientKey('1::2::3')).toBe('unknown');
  });
});
