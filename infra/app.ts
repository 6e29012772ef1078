import { App } from 'aws-cdk-lib';
import { BraidStack } from './braid-stack.ts';
import { settingsFromContext } from './settings.ts';

const app = new App();

// No account or region: the stack is environment-agnostic, so synth needs no
// credentials; `cdk deploy` takes both from the deploying profile.
new BraidStack(app, 'Braid', {
  description: 'Braid: a serverless news briefing sent through Amazon SES',
  settings: settingsFromContext(app.node),
});

app.synth();
