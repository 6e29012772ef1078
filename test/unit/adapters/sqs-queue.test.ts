import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqsQueue } from '../../../lambda/adapters/sqs-queue.ts';
import type { BatchMessage } from '../../../lambda/delivery/ports.ts';

const sqs = new SQSClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const sqsMock = mockClient(sqs);
afterEach(() => sqsMock.reset());

const batches = (n: number): BatchMessage[] =>
  Array.from({ length: n }, (_, i) => ({ editionId: 'ed', subscriberIds: [`sub_${i}`] }));
const bodies = () =>
  sqsMock
    .commandCalls(SendMessageBatchCommand)
    .map((call) =>
      (call.args[0].input.Entries ?? []).map(
        (e) => JSON.parse(e.MessageBody ?? '') as BatchMessage,
      ),
    );

describe('SQS queue adapter (faults injected with aws-sdk-client-mock)', () => {
  it('sends ten messages a call', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await createSqsQueue('https://sqs.example/q', sqs).send(batches(23));
    expect(bodies().map((call) => call.length)).toEqual([10, 10, 3]);
    expect(
      bodies()
        .flat()
        .map((m) => m.subscriberIds[0]),
    ).toEqual(batches(23).map((m) => m.subscriberIds[0]));
  });

  it('sends again only the entries SQS failed', async () => {
    sqsMock
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [],
        Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false, Message: 'try again' }],
      })
      .resolves({ Successful: [], Failed: [] });
    await createSqsQueue('https://sqs.example/q', sqs).send(batches(3));
    expect(bodies().map((call) => call.map((m) => m.subscriberIds[0]))).toEqual([
      ['sub_0', 'sub_1', 'sub_2'],
      ['sub_1'],
    ]);
  });

  it('gives up with a clear error when SQS keeps failing an entry', async () => {
    sqsMock.on(SendMessageBatchCommand).resolves({
      Failed: [{ Id: '0', Code: 'KmsThrottled', SenderFault: false, Message: 'slow down' }],
    });
    await expect(createSqsQueue('https://sqs.example/q', sqs).send(batches(1))).rejects.toThrow(
      /SQS refused 1 messages after 5 attempts: slow down/,
    );
  });
});
