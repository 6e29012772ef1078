import { vi } from 'vitest';

/** Runs `run` with stderr muted: the handlers log one JSON line per event there. */
export async function quietly<T>(run: () => Promise<T>): Promise<T> {
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return await run();
  } finally {
    quiet.mockRestore();
  }
}
