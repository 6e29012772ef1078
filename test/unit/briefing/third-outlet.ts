import type { Article } from '../../../lambda/briefing/types.ts';

/**
 * A third outlet for the seed story, written for the tests (not a real report): a wire story
 * that opens with a dateline, gives the intelligence report 20 pages where BBC News says 15, and
 * dates its release to Wednesday where BBC News says Tuesday.
 */
export function thirdOutlet(): Article {
  return {
    story: 'biden-calls-putin-a-killer',
    outlet: 'Global Wire',
    outletSlug: 'global-wire',
    published: '2021-03-18T10:00:00Z',
    language: 'en',
    file: 'biden-calls-putin-a-killer/global-wire.md',
    paragraphs: [
      'MOSCOW (Global Wire) - Russia recalled its ambassador to Washington for consultations on Wednesday after US President Joe Biden said he thought Vladimir Putin was a killer.',
      'The report ran to 20 pages and was released on Wednesday by the Office of the Director of National Intelligence.',
      'The intelligence report said Putin authorised operations to help Donald Trump in the November election.',
      'Kremlin spokesman Dmitry Peskov said the accusations were baseless.',
      'Putin told Biden in a televised meeting that "it takes one to know one".',
      'Analysts in Moscow said relations between the two countries had sunk to their lowest point in decades.',
    ],
  };
}
