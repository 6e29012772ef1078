import type { Briefing } from '../briefing/types.ts';
import type { Config } from '../config.ts';
import { editionDate } from '../delivery/edition-id.ts';
import type { CompiledTemplate } from '../email/compiled-template.ts';
import { renderCompiledEdition } from '../email/render-compiled.ts';
import type { EditionSettings } from '../email/types.ts';
import type { RenderedEdition } from '../email/web-copy.ts';

export function editionSettings(config: Config): EditionSettings {
  return {
    from: config.from,
    ...(config.replyTo === undefined ? {} : { replyTo: config.replyTo }),
    listId: config.listId,
    publicUrl: config.publicUrl,
    unsubscribeMailto: config.unsubscribeMailto,
    postalAddress: config.postalAddress,
    title: config.title,
    look: config.look,
  };
}

/** Binds the templates and settings: what compose calls to render an edition once. */
export function createRenderer(config: Config, template: CompiledTemplate) {
  const settings = editionSettings(config);
  // The masthead shows the calendar date where the edition is scheduled, as the id does.
  return async (id: string, scheduledAt: Date, briefings: Briefing[]): Promise<RenderedEdition> =>
    renderCompiledEdition(
      { id, date: editionDate(scheduledAt, config.timeZone), briefings, settings },
      template,
    );
}
