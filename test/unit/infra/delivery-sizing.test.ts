import { describe, expect, it } from 'vitest';
import {
  deliverBatchSize,
  deliverMemory,
  MAX_RATE_PER_INSTANCE,
} from '../../../infra/delivery-sizing.ts';

/** Lambda's memory for one whole vCPU. */
const ONE_VCPU_MB = 1769;
/** Deliver's CPU a message (DELIVER_CPU_MS_PER_MESSAGE). */
const CPU_MS_PER_MESSAGE = 2.5;

describe('MAX_RATE_PER_INSTANCE', () => {
  it('is what one vCPU sends with half again in hand: 1000 ms ÷ 2.5 ms ÷ 1.5, whole', () => {
    expect(MAX_RATE_PER_INSTANCE).toBe(266);
  });

  it('still fits one vCPU, and one message a second more does not', () => {
    expect(deliverMemory(MAX_RATE_PER_INSTANCE)).toBe(ONE_VCPU_MB);
    const vcpuNeeded = (rate: number) => ((rate * CPU_MS_PER_MESSAGE) / 1000) * 1.5;
    expect(vcpuNeeded(MAX_RATE_PER_INSTANCE)).toBeLessThanOrEqual(1);
    expect(vcpuNeeded(MAX_RATE_PER_INSTANCE + 1)).toBeGreaterThan(1);
  });
});

describe('deliverMemory', () => {
  it.each([
    // 100/s: 0.25 vCPU, 0.375 with half again: 663 MB, rounded up to 64 MB steps.
    [100, 704],
    [150, 1024],
    [200, 1344],
    // 78/s: 517 MB, the first share over the floor.
    [78, 576],
  ])('gives %d/s the CPU it needs with half again in hand: %d MB', (rate, megabytes) => {
    expect(deliverMemory(rate)).toBe(megabytes);
  });

  it.each([0, 1, 14, 67, 68, 77])('never goes under 512 MB (%d/s)', (rate) => {
    expect(deliverMemory(rate)).toBe(512);
  });

  it.each([266, 267, 1000, 14_000])(
    'never goes over one vCPU (%d/s): more adds no speed',
    (rate) => {
      expect(deliverMemory(rate)).toBe(ONE_VCPU_MB);
    },
  );

  it('grows with the rate, in 64 MB steps, with the CPU it needs and half again', () => {
    let previous = 0;
    for (let rate = 1; rate <= MAX_RATE_PER_INSTANCE; rate += 1) {
      const megabytes = deliverMemory(rate);
      expect(megabytes).toBeGreaterThanOrEqual(previous);
      previous = megabytes;
      if (megabytes > 512 && megabytes < ONE_VCPU_MB) expect(megabytes % 64).toBe(0);
      const vcpu = megabytes / ONE_VCPU_MB;
      expect(vcpu * 1000).toBeGreaterThanOrEqual(rate * CPU_MS_PER_MESSAGE * 1.5);
    }
  });
});

describe('deliverBatchSize', () => {
  it.each([
    // 50 recipients a message, 90 s of sending an invocation.
    [0.1, 1],
    [0.5, 1],
    [1, 1],
    [2, 3],
    [5, 9],
    [5.5, 9],
    [6, 10],
    [14, 10],
    [266, 10],
  ])('at %d/s takes %d queue messages an invocation', (rate, messages) => {
    expect(deliverBatchSize(rate)).toBe(messages);
  });

  it('takes no more than an invocation sends in 90 s, and at least one message', () => {
    for (let rate = 0.25; rate <= 20; rate += 0.25) {
      const messages = deliverBatchSize(rate);
      expect(messages).toBeGreaterThanOrEqual(1);
      expect(messages).toBeLessThanOrEqual(10);
      if (messages > 1) expect(messages * 50).toBeLessThanOrEqual(rate * 90);
    }
  });
});
