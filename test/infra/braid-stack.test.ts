import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BraidStack } from '../../infra/braid-stack.ts';
import { DEFAULT_SETTINGS, settingsFromContext } from '../../infra/settings.ts';

/** Synthesis runs esbuild over the real handler; generous, as the brief asks. */
const SYNTH_TIMEOUT_MS = 120_000;

// The same feature flags `cdk synth` applies, so the test sees the deployed template.
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

interface Synthesized {
  app: App;
  stack: BraidStack;
  template: Template;
}

function synth(context: Record<string, unknown> = {}): Synthesized {
  const app = new App({ context: { ...cdkJson.context, ...context } });
  const stack = new BraidStack(app, 'Braid', { settings: settingsFromContext(app.node) });
  return { app, stack, template: Template.fromStack(stack) };
}

/** Synthesis writes the bundle to a fresh temp directory; only that is removed. */
function cleanUp(s: Synthesized | undefined): void {
  if (s?.app.outdir.startsWith(tmpdir())) rmSync(s.app.outdir, { recursive: true, force: true });
}

function logicalId(stack: BraidStack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

function composeRoleId(stack: BraidStack): string {
  const role = stack.compose.role;
  if (role === undefined) throw new Error('compose has no execution role');
  return logicalId(stack, role);
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every Allow statement attached to a role, whatever policy the grants were merged into. */
function allowedActions(template: Template, roleId: string): Map<string, unknown[]> {
  const allowed = new Map<string, unknown[]>();
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
  });
  for (const policy of Object.values(policies)) {
    const statements = policy.Properties.PolicyDocument.Statement as Statement[];
    for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
      const resources = Array.isArray(statement.Resource)
        ? statement.Resource
        : [statement.Resource];
      for (const action of [statement.Action].flat()) {
        allowed.set(action, [...(allowed.get(action) ?? []), ...resources]);
      }
    }
  }
  return allowed;
}

describe('BraidStack with no context (defaults)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth();
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => cleanUp(s));

  describe('DynamoDB tables', () => {
    it('has exactly the three tables', () => {
      s.template.resourceCountIs('AWS::DynamoDB::Table', 3);
    });

    const key = (name: string, type: 'HASH' | 'RANGE') => ({ AttributeName: name, KeyType: type });
    it.each([
      {
        table: 'subscribers',
        keys: [key('id', 'HASH')],
        indexes: [
          {
            IndexName: 'byStatus',
            KeySchema: [key('status', 'HASH'), key('id', 'RANGE')],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      },
      { table: 'ledger', keys: [key('edition', 'HASH'), key('subscriber', 'RANGE')] },
      { table: 'editions', keys: [key('id', 'HASH')] },
    ] as const)('$table: keys, indexes, on-demand, PITR, retained', ({ table, keys, ...rest }) => {
      const resource = s.stack[table].node.defaultChild as CfnElement;
      const tables = s.template.findResources('AWS::DynamoDB::Table');
      expect(tables[s.stack.getLogicalId(resource)]).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          KeySchema: keys,
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      });
      const indexes = 'indexes' in rest ? rest.indexes : undefined;
      expect(tables[s.stack.getLogicalId(resource)]?.Properties.GlobalSecondaryIndexes).toEqual(
        indexes,
      );
    });
  });

  describe('compose function', () => {
    it('runs Node 20 on arm64 with 300 s and 1 GB', () => {
      s.template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Timeout: 300,
        MemorySize: 1024,
        Handler: 'index.handler',
      });
    });

    it.each([
      ['BRAID_MODE', 'aws'],
      ['BRAID_CONTENT_DIR', '/var/task/content'],
      ['BRAID_TEMPLATES_DIR', '/var/task/templates'],
      ['BRAID_FROM', DEFAULT_SETTINGS.from],
      ['BRAID_PUBLIC_URL', DEFAULT_SETTINGS.publicUrl],
      ['BRAID_POSTAL_ADDRESS', DEFAULT_SETTINGS.postalAddress],
      ['BRAID_TIME_ZONE', 'Europe/London'],
      ['BRAID_SEND_RATE', '10'],
      ['NODE_OPTIONS', '--enable-source-maps'],
    ])('sets %s=%s', (name, value) => {
      s.template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ [name]: value }) },
      });
    });

    it.each([
      ['BRAID_SUBSCRIBERS_TABLE', 'subscribers'],
      ['BRAID_LEDGER_TABLE', 'ledger'],
      ['BRAID_EDITIONS_TABLE', 'editions'],
    ] as const)('sets %s to the %s table name', (name, table) => {
      s.template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({ [name]: { Ref: logicalId(s.stack, s.stack[table]) } }),
        },
      });
    });

    it('gets the token secret as a dynamic reference to a generated 48-char secret', () => {
      const [secretId, secret] = Object.entries(
        s.template.findResources('AWS::SecretsManager::Secret'),
      )[0] ?? ['', undefined];
      expect(secret).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: { GenerateSecretString: { PasswordLength: 48 } },
      });
      s.template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            BRAID_TOKEN_SECRET: {
              'Fn::Join': [
                '',
                ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}'],
              ],
            },
          }),
        },
      });
    });

    it('may send through SES and read the send quota', () => {
      const roleId = composeRoleId(s.stack);
      const allowed = allowedActions(s.template, roleId);
      expect(allowed.get('ses:SendRawEmail')).toHaveLength(2); // identity/* and configuration-set/*
      expect(allowed.get('ses:GetSendQuota')).toEqual(['*']);
    });

    it('may read and write all three tables and the subscribers index', () => {
      const roleId = composeRoleId(s.stack);
      const allowed = allowedActions(s.template, roleId);
      const arn = (table: 'subscribers' | 'ledger' | 'editions') => ({
        'Fn::GetAtt': [logicalId(s.stack, s.stack[table]), 'Arn'],
      });
      for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']) {
        expect(allowed.get(action)).toEqual(
          expect.arrayContaining([
            arn('subscribers'),
            arn('ledger'),
            arn('editions'),
            { 'Fn::Join': ['', [arn('subscribers'), '/index/*']] },
          ]),
        );
      }
    });

    it('bundles index.mjs with the require banner, content/ and templates/', () => {
      const assets = readdirSync(s.app.outdir)
        .filter((name) => name.startsWith('asset.'))
        .map((name) => join(s.app.outdir, name))
        .filter((dir) => existsSync(join(dir, 'index.mjs')));
      expect(assets).toHaveLength(1);
      const bundle = assets[0] ?? '';
      expect(readFileSync(join(bundle, 'index.mjs'), 'utf8')).toMatch(
        /^import \{ createRequire as __braidCreateRequire \} from 'node:module';/,
      );
      for (const file of ['index.mjs.map', 'content', 'templates']) {
        expect(existsSync(join(bundle, file)), file).toBe(true);
      }
      expect(readdirSync(join(bundle, 'content')).length).toBeGreaterThan(0);
    });
  });

  describe('daily schedule', () => {
    it('is created switched off, invoking compose at 06:00 Europe/London with the scheduled time, 2 retries and a DLQ', () => {
      const functionId = logicalId(s.stack, s.stack.compose);
      const [queueId] = Object.keys(s.template.findResources('AWS::SQS::Queue'));
      s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 6 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/London',
        State: 'DISABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
          Input: Match.serializedJson({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        },
      });
    });

    it('has an encrypted dead-letter queue that refuses plain HTTP', () => {
      s.template.resourceCountIs('AWS::SQS::Queue', 1);
      s.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
      s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it("lets the scheduler's role invoke compose and write to the DLQ", () => {
      const [scheduleProps] = Object.values(s.template.findResources('AWS::Scheduler::Schedule'));
      const roleId = scheduleProps?.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
      const allowed = allowedActions(s.template, roleId);
      expect(allowed.has('lambda:InvokeFunction')).toBe(true);
      expect(allowed.has('sqs:SendMessage')).toBe(true);
    });
  });
});

describe('BraidStack with context', () => {
  let s: Synthesized;
  const context = {
    timeZone: 'America/New_York',
    from: 'Morning Braid <news@braid.example.com>',
    publicUrl: 'https://braid.example.com',
    postalAddress: '2 Real Road, Anytown 12345, USA',
    sendSchedule: 'true',
  };
  beforeAll(() => {
    s = synth(context);
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => cleanUp(s));

  it('fires in the configured time zone, switched on by sendSchedule=true', () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpressionTimezone: 'America/New_York',
      State: 'ENABLED',
    });
  });

  it.each([
    ['BRAID_FROM', context.from],
    ['BRAID_PUBLIC_URL', context.publicUrl],
    ['BRAID_POSTAL_ADDRESS', context.postalAddress],
    ['BRAID_TIME_ZONE', context.timeZone],
  ])('passes %s through', (name, value) => {
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [name]: value }) },
    });
  });
});

describe('settingsFromContext', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ timeZone: 'Europe/Londn' }, /not an IANA time zone/],
    [{ publicUrl: 'briefing.example.org' }, /not a URL/],
    [{ from: '' }, /must be a non-empty string/],
    [{ postalAddress: 42 }, /must be a non-empty string/],
    [{ sendSchedule: 'yes' }, /must be true or false/],
  ];
  it.each(cases)('rejects %j at synth time', (context, message) => {
    const node = { tryGetContext: (key: string): unknown => context[key] };
    expect(() => settingsFromContext(node)).toThrow(message);
  });

  it('falls back to the example defaults', () => {
    expect(settingsFromContext({ tryGetContext: () => undefined })).toEqual(DEFAULT_SETTINGS);
  });
});
