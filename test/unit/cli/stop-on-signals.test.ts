import { describe, expect, it, vi } from 'vitest';
import { type SignalHost, type StopSignal, stopOnSignals } from '../../../cli/commands/start.ts';

/** A process stand-in: signals raised by hand, a clock moved by hand, exits recorded. */
function fakeHost() {
  const listeners = new Map<StopSignal, Set<(signal: StopSignal) => void>>();
  const exits: number[] = [];
  let time = 0;
  const host: SignalHost = {
    on: (signal, listener) =>
      listeners.set(signal, (listeners.get(signal) ?? new Set()).add(listener)),
    off: (signal, listener) => listeners.get(signal)?.delete(listener),
    exit: (code) => {
      exits.push(code);
    },
    now: () => time,
  };
  return {
    host,
    exits,
    raise: (signal: StopSignal) => {
      for (const listener of listeners.get(signal) ?? []) listener(signal);
    },
    advance: (ms: number) => {
      time += ms;
    },
    listening: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
  };
}

describe('stopOnSignals', () => {
  it('aborts on the first Ctrl-C, ignores its echo, and quits with 130 on a second one', () => {
    const fake = fakeHost();
    const stops: StopSignal[] = [];
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const stop = stopOnSignals((signal) => stops.push(signal), fake.host);
      expect(stop.signal.aborted).toBe(false);
      expect(stop.stoppedBy()).toBeUndefined();

      fake.raise('SIGINT');
      expect(stop.signal.aborted).toBe(true);
      expect(stop.stoppedBy()).toBe('SIGINT');
      expect(stops).toEqual(['SIGINT']);

      // The same keypress forwarded by npm: not a second Ctrl-C.
      fake.advance(50);
      fake.raise('SIGINT');
      expect(fake.exits).toEqual([]);

      fake.advance(2_000);
      fake.raise('SIGINT');
      expect(fake.exits).toEqual([130]);
      expect(String(errors.mock.calls[0]?.[0])).toMatch(/^Ctrl-C again: quitting now\./);
      expect(stops).toEqual(['SIGINT']);
    } finally {
      errors.mockRestore();
    }
  });

  it('exits with 143 on a second SIGTERM', () => {
    const fake = fakeHost();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const stop = stopOnSignals(() => undefined, fake.host);
      fake.raise('SIGTERM');
      expect(stop.stoppedBy()).toBe('SIGTERM');
      fake.advance(5_000);
      fake.raise('SIGTERM');
      expect(fake.exits).toEqual([143]);
    } finally {
      errors.mockRestore();
    }
  });

  it('takes its handlers away once the send is over', () => {
    const fake = fakeHost();
    const stop = stopOnSignals(() => undefined, fake.host);
    expect(fake.listening()).toBe(2);
    stop.dispose();
    expect(fake.listening()).toBe(0);
    fake.raise('SIGINT');
    expect(stop.signal.aborted).toBe(false);
  });
});
