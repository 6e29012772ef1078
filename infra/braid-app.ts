import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BraidStack } from './braid-stack.ts';
import { ContextError } from './context-error.ts';
import { type ContextSource, settingsFromContext } from './settings.ts';

export interface BraidApp {
  app: App;
  stack: BraidStack;
}

/** `-c account=… -c region=…` pin the stack; without them it is environment-agnostic. */
function environmentFrom(node: ContextSource): { account?: string; region?: string } {
  const pick = (key: 'account' | 'region') => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined) return {};
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ContextError(
        `CDK context "${key}" must be a non-empty string, got ${JSON.stringify(value)}`,
      );
    }
    return { [key]: value.trim() };
  };
  return { ...pick('account'), ...pick('region') };
}

/**
 * The CDK app `npm run synth` and the tests both build: the settings read (and refused) from
 * context, the stack, and cdk-nag's AwsSolutions checks, which fail synthesis on any finding
 * not acknowledged with a reason. Synthesis needs no credentials: with no account or region
 * the template is environment-agnostic and `cdk deploy` takes both from the profile.
 */
export function createBraidApp(props: AppProps = {}): BraidApp {
  const app = new App(props);
  const stack = new BraidStack(app, 'Braid', {
    description: 'Braid: a serverless news briefing sent through Amazon SES',
    settings: settingsFromContext(app.node),
    env: environmentFrom(app.node),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
