import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCompiledTemplate } from '../../../lambda/adapters/template-files.ts';
import { loadConfig } from '../../../lambda/config.ts';
import { createRenderer } from '../../../lambda/handlers/renderer.ts';
import { briefingFixture } from '../email/fixtures.ts';

const templates = join(import.meta.dirname, '..', '..', '..', 'templates');

describe('createRenderer', () => {
  it.each([
    // 06:00 in Tokyo is 21:00 UTC the day before: the masthead follows the edition's zone.
    ['Asia/Tokyo', '2021-03-17T21:00:00Z', 'Thursday 18 March 2021'],
    ['UTC', '2021-03-17T21:00:00Z', 'Wednesday 17 March 2021'],
    ['America/Los_Angeles', '2021-03-18T06:00:00Z', 'Wednesday 17 March 2021'],
  ])('dates the edition in %s', async (zone, at, expected) => {
    const config = loadConfig({ BRAID_TIME_ZONE: zone, BRAID_TEMPLATES_DIR: templates });
    const render = createRenderer(
      config,
      await readCompiledTemplate(config.templatesDir, 'edition'),
    );
    const edition = await render('e', new Date(at), [briefingFixture()]);
    expect(edition.html).toContain(expected);
  });
});
