import { createDocumentClient } from '../adapters/dynamo-client.ts';
import { createDynamoEditionStore } from '../adapters/dynamo-edition-store.ts';
import { createDynamoLedger } from '../adapters/dynamo-ledger.ts';
import { createDynamoSubscriberStore } from '../adapters/dynamo-subscriber-store.ts';
import { createSesClient, createSesMailer } from '../adapters/ses-mailer.ts';
import type { Briefing } from '../briefing/types.ts';
import type { Config } from '../config.ts';
import { editionDate } from '../delivery/edition-id.ts';
import type { EditionStore, Ledger, Mailer, SubscriberStore } from '../delivery/ports.ts';
import { renderEdition, type TemplateSources } from '../email/render-edition.ts';
import type { Edition, EditionSettings } from '../email/types.ts';

/** The adapters every entry point (Lambda handlers, CLI) wires to the core, from one config. */
export interface Runtime {
  config: Config;
  subscribers: SubscriberStore;
  ledger: Ledger;
  editions: EditionStore;
  mailer: Mailer;
}

export function createRuntime(config: Config): Runtime {
  const db = createDocumentClient({ region: config.region, endpoint: config.endpoints.dynamodb });
  const sesOptions = {
    region: config.region,
    endpoint: config.endpoints.ses,
    configurationSet: config.sesConfigurationSet,
  };
  return {
    config,
    subscribers: createDynamoSubscriberStore(db, config.tables.subscribers),
    ledger: createDynamoLedger(db, config.tables.ledger),
    editions: createDynamoEditionStore(db, config.tables.editions),
    mailer: createSesMailer(createSesClient(sesOptions), sesOptions),
  };
}

export function editionSettings(config: Config): EditionSettings {
  return {
    from: config.from,
    ...(config.replyTo === undefined ? {} : { replyTo: config.replyTo }),
    listId: config.listId,
    publicUrl: config.publicUrl,
    unsubscribeMailto: config.unsubscribeMailto,
    postalAddress: config.postalAddress,
    title: config.title,
  };
}

/** Binds the templates and settings: what compose calls to render an edition once. */
export function createRenderer(config: Config, templates: TemplateSources) {
  const settings = editionSettings(config);
  // The masthead shows the calendar date where the edition is scheduled, as the id does.
  return (id: string, scheduledAt: Date, briefings: Briefing[]): Promise<Edition> =>
    renderEdition(
      { id, date: editionDate(scheduledAt, config.timeZone), briefings, settings },
      templates,
    );
}
