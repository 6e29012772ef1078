import type { createDocumentClient } from '../../lambda/adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../../lambda/adapters/dynamo-edition-store.ts';
import { createDynamoSubscriberStore } from '../../lambda/adapters/dynamo-subscriber-store.ts';
import type { ComposeDeps } from '../../lambda/delivery/compose.ts';
import type { EditionArchive, Queue } from '../../lambda/delivery/ports.ts';
import { renderEdition } from '../../lambda/email/render-edition.ts';
import { editionInput, loadTemplates } from '../unit/email/fixtures.ts';
import { TEST_TABLES } from './dynalite.ts';

/** An archive in memory: what compose stored, by edition id. */
export function memoryArchive(): EditionArchive & { archived: Map<string, string> } {
  const archived = new Map<string, string>();
  return {
    archived,
    async put(id, html) {
      archived.set(id, html);
      return `memory://${id}`;
    },
    async get(id) {
      return archived.get(id);
    },
  };
}

/**
 * Compose's dependencies over dynalite's tables, rendering with the templates from source and
 * the test settings, on a fixed clock (18 March 2021, 06:00 UTC).
 */
export function composeDeps(
  db: ReturnType<typeof createDocumentClient>,
  queue: Queue,
  archive: EditionArchive,
  extra: Partial<ComposeDeps> = {},
): ComposeDeps {
  const templates = loadTemplates();
  return {
    editions: createDynamoEditionStore(db, TEST_TABLES.editions),
    subscribers: createDynamoSubscriberStore(db, TEST_TABLES.subscribers),
    queue,
    archive,
    render: (id, _at, briefings) =>
      renderEdition({ ...editionInput(briefings), id, date: '2021-03-18' }, templates),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: { now: () => new Date('2021-03-18T06:00:00Z'), sleep: async () => undefined },
    timeZone: 'UTC',
    ...extra,
  };
}
