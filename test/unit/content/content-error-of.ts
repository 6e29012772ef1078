import { ContentError } from '../../../lambda/briefing/content-error.ts';

/** The ContentError `run` throws; fails the test when it throws nothing or something else. */
export function errorOf(run: () => unknown): ContentError {
  try {
    run();
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error('expected a ContentError');
}
