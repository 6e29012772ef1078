import { createSesClient, createSesMailer } from '../adapters/ses-mailer.ts';
import type { Config } from '../config.ts';
import type { Mailer } from '../delivery/ports.ts';

/** SES, through the configuration set when there is one (its events reach feedback). */
export function sesMailer(config: Config): Mailer {
  const options = {
    region: config.region,
    endpoint: config.endpoints.ses,
    configurationSet: config.sesConfigurationSet,
  };
  return createSesMailer(createSesClient(options), options);
}
