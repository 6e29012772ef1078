import { Agent, createServer, type Server } from 'node:http';
import { type AddressInfo, Socket } from 'node:net';
import { SESClient } from '@aws-sdk/client-ses';
import { afterEach, describe, expect, it } from 'vitest';
import { createSesMailer } from '../../../lambda/adapters/ses-mailer.ts';
import { describeError, sendOutcomeOfError } from '../../../lambda/adapters/ses-outcome.ts';
import type { OutgoingMessage } from '../../../lambda/email/mailer.ts';
import { dailyQuota, rejected, sesError, throttling, timeout } from '../../helpers/ses-faults.ts';

/** A Node network error as the HTTP handler raises it. */
const networkError = (code: string, message = `connect ${code} 127.0.0.1:443`) =>
  Object.assign(new Error(message), { code });

const kindOf = (error: unknown) => sendOutcomeOfError(error).kind;

describe('sendOutcomeOfError: SES answers', () => {
  it('reads Throttling "Maximum sending rate exceeded" as throttled: retry after a pause', () => {
    expect(kindOf(throttling())).toBe('throttled');
    expect(kindOf(sesError('ThrottlingException', 'Rate exceeded', 400))).toBe('throttled');
  });

  it('reads Throttling "Daily message quota exceeded" as quota-exhausted', () => {
    expect(sendOutcomeOfError(dailyQuota())).toEqual({
      kind: 'quota-exhausted',
      reason: 'Throttling: Daily message quota exceeded.',
    });
    expect(kindOf(sesError('Throttling', 'daily message quota exceeded', 400))).toBe(
      'quota-exhausted',
    );
  });

  it.each([
    'AccountSendingPausedException',
    'ConfigurationSetSendingPausedException',
    'ConfigurationSetDoesNotExistException',
    'MailFromDomainNotVerifiedException',
    'AccessDenied',
    'AccessDeniedException',
    'InvalidClientTokenId',
    'SignatureDoesNotMatch',
    'UnrecognizedClientException',
    'ExpiredToken',
    'ExpiredTokenException',
    'MissingAuthenticationToken',
    'RequestExpired',
  ])('reads %s as halted: nothing can go out until someone acts', (name) => {
    const status = name.startsWith('Access') ? 403 : 400;
    expect(sendOutcomeOfError(sesError(name, 'no', status))).toEqual({
      kind: 'halted',
      reason: `${name}: no`,
    });
  });

  it('reads MessageRejected as rejected, with or without a status', () => {
    expect(sendOutcomeOfError(rejected('Address blacklisted.'))).toEqual({
      kind: 'rejected',
      reason: 'MessageRejected: Address blacklisted.',
    });
    expect(kindOf(Object.assign(new Error('no'), { name: 'MessageRejected' }))).toBe('rejected');
  });

  it.each([
    ['InvalidParameterValue', 400],
    ['ValidationError', 400],
    ['MessageTooLong', 400],
    ['NotFound', 404],
    ['PayloadTooLarge', 413],
  ])(
    'reads any other 4xx (%s, %i) as rejected: sending it again changes nothing',
    (name, status) => {
      expect(kindOf(sesError(name, 'bad', status))).toBe('rejected');
    },
  );

  it.each([
    ['InternalFailure', 500],
    ['ServiceUnavailable', 503],
    ['BadGateway', 502],
    ['GatewayTimeout', 504],
    // A 5xx wins over a name that would otherwise be a refusal: SES failed after reading it.
    ['MessageRejected', 500],
  ])('reads %s (%i) as unknown: SES may have taken it, never resent', (name, status) => {
    expect(kindOf(sesError(name, 'x', status))).toBe('unknown');
  });
});

describe('sendOutcomeOfError: network errors', () => {
  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])(
    'reads %s as throttled: the request never left this host',
    (code) => {
      const outcome = sendOutcomeOfError(networkError(code));
      expect(outcome.kind).toBe('throttled');
      expect(outcome).toMatchObject({ reason: expect.stringMatching(/^SES not reached: /) });
    },
  );

  it.each([
    'Socket timed out without establishing a connection within 3000 ms',
    // @smithy/node-http-handler 4.x words its connect timeout so:
    '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 3000 ms.',
  ])('reads a connect timeout as throttled: "%s"', (message) => {
    const error = Object.assign(new Error(message), { name: 'TimeoutError' });
    expect(kindOf(error)).toBe('throttled');
  });

  it.each([
    [
      'a request timeout',
      Object.assign(
        new Error(
          '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 10000 ms requestTimeout.',
        ),
        { name: 'TimeoutError', code: 'ETIMEDOUT' },
      ),
    ],
    [
      'a socket timeout',
      Object.assign(new Error('the request socket timed out after 10000 ms of inactivity'), {
        name: 'TimeoutError',
      }),
    ],
    ['a socket hang-up (TimeoutError)', timeout()],
    ['a connection reset', networkError('ECONNRESET', 'read ECONNRESET')],
    ['a socket hang-up', networkError('ECONNRESET', 'socket hang up')],
    ['a broken pipe', networkError('EPIPE', 'write EPIPE')],
    ['an aborted request', Object.assign(new Error('Request aborted'), { name: 'AbortError' })],
  ])('reads %s as unknown: the request may have been read and acted on', (_case, error) => {
    expect(kindOf(error)).toBe('unknown');
  });
});

describe('sendOutcomeOfError: anything else is unknown (when in doubt, never resend)', () => {
  it.each([
    ['an Error with no name it knows', new Error('weird')],
    ['a string', 'boom'],
    ['undefined', undefined],
    ['null', null],
    ['a plain object', { message: 'x' }],
    ['a status that is not a number', { name: 'X', $metadata: { httpStatusCode: '400' } }],
    ['a 3xx', sesError('Moved', 'x', 301)],
  ])('%s', (_case, error) => {
    expect(kindOf(error)).toBe('unknown');
  });

  it('reads only string fields as text: a message that is not a string is not matched', () => {
    const connectTimeout = ['Socket timed out without establishing a connection within 3000 ms'];
    expect(kindOf({ name: 'TimeoutError', message: connectTimeout })).toBe('unknown');
    const quota = { toString: () => 'Daily message quota exceeded.' };
    expect(kindOf({ name: 'Throttling', message: quota })).toBe('throttled');
  });

  it('reads a status that is not a number as absent, whatever its value', () => {
    const error = Object.assign(new Error('Address blacklisted.'), {
      name: 'MessageRejected',
      $metadata: { httpStatusCode: '503' },
    });
    expect(kindOf(error)).toBe('rejected');
  });

  it('describes an error by its name and message, however its class prints itself', () => {
    class Odd extends Error {
      override name = 'OddError';
      override toString() {
        return 'something else';
      }
    }
    expect(sendOutcomeOfError(new Odd('it broke'))).toEqual({
      kind: 'unknown',
      reason: 'OddError: it broke',
    });
    expect(describeError(new Odd(''))).toBe('OddError');
  });

  it('keeps a readable reason', () => {
    expect(sendOutcomeOfError('boom')).toEqual({ kind: 'unknown', reason: 'boom' });
    expect(describeError(Object.assign(new Error(''), { name: 'TimeoutError' }))).toBe(
      'TimeoutError',
    );
  });
});

/**
 * The same decisions on the errors the installed SDK really raises: the real SES client and
 * adapter, over loopback. Its messages change between versions; the table must follow them.
 */
describe('the SES adapter on the SDK own network errors', () => {
  const message: OutgoingMessage = {
    purpose: 'edition',
    editionId: 'ed',
    subscriberId: 'sub_1',
    from: 'Braid <a@example.org>',
    to: 'reader@example.com',
    raw: Buffer.from('Subject: x\r\n\r\nx'),
  };
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
  const listen = async (server: Server) => {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
  const mailerAt = (endpoint: string, requestHandler: Record<string, unknown>) =>
    createSesMailer(
      new SESClient({
        region: 'us-east-1',
        endpoint,
        maxAttempts: 1,
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
        requestHandler,
      }),
      { region: 'us-east-1', endpoint, configurationSet: undefined },
    );

  it('a connection refused is throttled', async () => {
    const closed = createServer();
    const endpoint = await listen(closed);
    servers.pop();
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await mailerAt(endpoint, {}).send(message)).kind).toBe('throttled');
  });

  it('a connect timeout is throttled: no byte of the request left', async () => {
    // A connection that never completes (the socket stays "connecting"), so the handler's
    // connection timeout fires as it does against an unreachable host.
    class Blackhole extends Agent {
      override createConnection() {
        const socket = new Socket();
        Object.assign(socket, { connecting: true });
        return socket;
      }
    }
    const outcome = await mailerAt('http://127.0.0.1:9', {
      httpAgent: new Blackhole(),
      connectionTimeout: 50,
    }).send(message);
    expect(outcome).toMatchObject({ kind: 'throttled', reason: expect.stringMatching(/connect/) });
  });

  it('a request timeout is unknown', async () => {
    const endpoint = await listen(createServer((request) => request.resume()));
    const outcome = await mailerAt(endpoint, {
      requestTimeout: 100,
      throwOnRequestTimeout: true,
    }).send(message);
    expect(outcome).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/Timeout/) });
  });

  it('a connection dropped after the request was read is unknown', async () => {
    const endpoint = await listen(
      createServer((request, response) => {
        request.resume();
        request.on('end', () => response.socket?.destroy());
      }),
    );
    expect((await mailerAt(endpoint, {}).send(message)).kind).toBe('unknown');
  });
});
