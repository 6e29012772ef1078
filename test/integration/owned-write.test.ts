import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { conditionally, type ItemImage, ownedWrite } from '../../lambda/adapters/owned-write.ts';

/**
 * The parts of ownedWrite the embedded engine cannot show: DynamoDB's own old image on a
 * failed condition (dynalite returns none; the store tests cover the reread).
 */
const conditionFailed = (item?: ConditionalCheckFailedException['Item']) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item === undefined ? {} : { Item: item }),
  });

describe('ownedWrite', () => {
  it('resolves true when the write succeeds, asking nothing more', async () => {
    // Prepare
    const isOurs = vi.fn(() => false);
    const reread = vi.fn(async () => undefined);
    // Act
    const written = await ownedWrite(async () => ({}), isOurs, reread);
    // Assess
    expect(written).toBe(true);
    expect(isOurs).not.toHaveBeenCalled();
    expect(reread).not.toHaveBeenCalled();
  });

  it('decides by the old image DynamoDB returns, unmarshalled, without reading again', async () => {
    // Prepare
    const seen: (ItemImage | undefined)[] = [];
    const reread = vi.fn(async () => undefined);
    const failure = conditionFailed({
      id: { S: 'sub_1' },
      writeId: { S: 'w-1' },
      version: { N: '3' },
      feedbackEvents: { SS: ['m1#bounce'] },
    });
    // Act
    const written = await ownedWrite(
      () => Promise.reject(failure),
      (image) => {
        seen.push(image);
        return image?.writeId === 'w-1';
      },
      reread,
    );
    // Assess
    expect(written).toBe(true);
    expect(seen).toEqual([
      { id: 'sub_1', writeId: 'w-1', version: 3, feedbackEvents: new Set(['m1#bounce']) },
    ]);
    expect(reread).not.toHaveBeenCalled();
  });

  it('resolves false when the image is someone else’s write', async () => {
    // Act
    const written = await ownedWrite(
      () => Promise.reject(conditionFailed({ id: { S: 'sub_1' }, writeId: { S: 'theirs' } })),
      (image) => image?.writeId === 'mine',
      async () => undefined,
    );
    // Assess
    expect(written).toBe(false);
  });

  it('reads the item again when the failure carries no image, and decides by that', async () => {
    // Prepare
    const reread = vi.fn(async () => ({ writeId: 'mine' }));
    // Act
    const written = await ownedWrite(
      () => Promise.reject(conditionFailed()),
      (image) => image?.writeId === 'mine',
      reread,
    );
    // Assess
    expect(written).toBe(true);
    expect(reread).toHaveBeenCalledOnce();
  });

  it('knows a condition failure by its name too (another copy of the SDK)', async () => {
    // Prepare
    const failure = Object.assign(new Error('failed'), { name: 'ConditionalCheckFailedException' });
    // Act
    const written = await ownedWrite(
      () => Promise.reject(failure),
      (image) => image === undefined,
      async () => undefined,
    );
    // Assess
    expect(written).toBe(true);
  });

  it('throws every other error as it is', async () => {
    // Prepare
    const failure = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    // Act
    const written = ownedWrite(
      () => Promise.reject(failure),
      () => true,
      async () => undefined,
    );
    // Assess
    await expect(written).rejects.toBe(failure);
  });
});

describe('conditionally', () => {
  it('answers true, false on a failed condition, and throws anything else', async () => {
    const other = new Error('boom');
    expect(await conditionally(async () => ({}))).toBe(true);
    expect(await conditionally(() => Promise.reject(conditionFailed()))).toBe(false);
    await expect(conditionally(() => Promise.reject(other))).rejects.toBe(other);
  });
});
