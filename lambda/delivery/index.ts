export type { ComposeDeps, ComposeResult } from './compose.ts';
export { BATCH_SIZE, compose, readyStories } from './compose.ts';
export type { BatchResult, DeliverDeps, RecipientOutcome } from './deliver.ts';
export { deliverBatch, UnknownEditionError } from './deliver.ts';
export { editionDate, editionIdFor, storySetOf } from './edition-id.ts';
export type { Pacer } from './pacer.ts';
export { createPacer } from './pacer.ts';
export type * from './ports.ts';
export { recipientFor } from './recipient-links.ts';
