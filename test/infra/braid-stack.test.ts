import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, type CfnElement, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBraidApp } from '../../infra/braid-app.ts';
import type { BraidStack } from '../../infra/braid-stack.ts';
import { deliverBatchSize, deliverMemory } from '../../infra/delivery-sizing.ts';
import { DEFAULT_SETTINGS } from '../../infra/settings.ts';
import { STATUS_INDEX, tableDefinitions } from '../../lambda/adapters/dynamo-tables.ts';
import { requiredInAws, settingNames } from '../../lambda/config.ts';

/** Synthesis runs esbuild over the real handlers; generous, as the brief asks. */
const SYNTH_TIMEOUT_MS = 120_000;

// The same feature flags `cdk synth` applies, so the test sees the deployed template.
const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** CDK's own switch (`cdk synth --exclusively` uses it): no stack is bundled, assets are stubs. */
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

interface Synthesized {
  app: App;
  stack: BraidStack;
  template: Template;
}

/** What a real deployment passes with -c: no example domain anywhere. */
const REAL_CONTEXT = {
  domain: 'news.braid-paper.net',
  from: 'Morning Braid <briefing@news.braid-paper.net>',
  publicUrl: 'https://news.braid-paper.net',
  postalAddress: 'Braid Paper Ltd, 2 Real Road, Anytown 12345, USA',
  alarmEmail: 'ops@braid-paper.net',
};

/** The app `npm run synth` builds, cdk-nag included: synthesis throws on any finding. */
function synth(context: Record<string, unknown> = {}): Synthesized {
  const { app, stack } = createBraidApp({
    context: { ...cdkJson.context, ...REAL_CONTEXT, ...context },
  });
  return { app, stack, template: Template.fromStack(stack) };
}

/** Synthesis writes the bundles to a fresh temp directory; only that is removed. */
function cleanUp(s: Synthesized | undefined): void {
  if (s?.app.outdir.startsWith(tmpdir())) rmSync(s.app.outdir, { recursive: true, force: true });
}

function logicalId(stack: BraidStack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

type FunctionName = 'compose' | 'deliver' | 'feedback' | 'api';
const FUNCTIONS: readonly FunctionName[] = ['compose', 'deliver', 'feedback', 'api'];
/** The functions that sign or verify links; only they may name or read the keyring. */
const LINK_SIGNERS: readonly FunctionName[] = ['deliver', 'api'];
const NOT_LINK_SIGNERS = FUNCTIONS.filter((fn) => !LINK_SIGNERS.includes(fn));
type TableName = 'subscribers' | 'ledger' | 'editions';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON.
type Properties = Record<string, any>;

function resource(s: Synthesized, construct: IConstruct): Properties {
  const id = logicalId(s.stack, construct);
  const found = s.template.toJSON().Resources[id] as Properties | undefined;
  if (found === undefined) throw new Error(`no resource ${id} in the template`);
  return found;
}

function functionProps(s: Synthesized, name: FunctionName): Properties {
  return resource(s, s.stack[name]).Properties;
}

function environment(s: Synthesized, name: FunctionName): Record<string, unknown> {
  return functionProps(s, name).Environment.Variables;
}

function roleId(stack: BraidStack, name: FunctionName): string {
  const role = stack[name].role;
  if (role === undefined) throw new Error(`${name} has no execution role`);
  return logicalId(stack, role);
}

const ref = (stack: BraidStack, construct: IConstruct) => ({ Ref: logicalId(stack, construct) });
const arnOf = (stack: BraidStack, construct: IConstruct) => ({
  'Fn::GetAtt': [logicalId(stack, construct), 'Arn'],
});

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every Allow statement attached to a role, whatever policy the grants were merged into. */
function allowedActions(template: Template, role: string): Map<string, unknown[]> {
  const allowed = new Map<string, unknown[]>();
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: role }]) },
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

/** The logical ids of the DynamoDB tables a set of resources (ARNs or index ARNs) names. */
function tablesIn(resources: unknown[] | undefined): string[] {
  const json = JSON.stringify(resources ?? []);
  const ids = [...json.matchAll(/"Fn::GetAtt":\["([^"]+)","Arn"\]/g)].map((m) => m[1] ?? '');
  return [...new Set(ids)].sort();
}

/**
 * Every DynamoDB action a role allows, by what it is allowed on: `subscribers`, `ledger`,
 * `editions` (the table) or `<table>/index/<name>`. Actions sorted; a resource that is not
 * one of the three tables or a named index of one is reported as itself, so it fails.
 */
function dynamoAccess(s: Synthesized, fn: FunctionName): Record<string, string[]> {
  const tableOf = new Map(
    (['subscribers', 'ledger', 'editions'] as const).map((t) => [
      logicalId(s.stack, s.stack[t]),
      t,
    ]),
  );
  const labelOf = (resource: unknown): string => {
    const json = JSON.stringify(resource);
    const table = /^\{"Fn::GetAtt":\["([^"]+)","Arn"\]\}$/.exec(json);
    if (table?.[1] !== undefined && tableOf.has(table[1])) return tableOf.get(table[1]) ?? json;
    const index =
      /^\{"Fn::Join":\["",\[\{"Fn::GetAtt":\["([^"]+)","Arn"\]\},"(\/index\/[\w-]+)"\]\]\}$/.exec(
        json,
      );
    if (index?.[1] !== undefined && tableOf.has(index[1])) {
      return `${tableOf.get(index[1])}${index[2]}`;
    }
    return json;
  };
  const access: Record<string, string[]> = {};
  for (const [action, resources] of allowedActions(s.template, roleId(s.stack, fn))) {
    if (!action.startsWith('dynamodb:')) continue;
    for (const resource of resources) {
      const label = labelOf(resource);
      access[label] = [...new Set([...(access[label] ?? []), action])].sort();
    }
  }
  return access;
}

/** The directory `cdk synth` bundled a function into: `asset.<hash>`, the hash being the S3 key. */
function bundleDir(s: Synthesized, name: FunctionName): string {
  const key = functionProps(s, name).Code.S3Key as string;
  return join(s.app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

/** Lambda sets AWS_REGION itself (CDK refuses to set it), so the stack sets all but that one. */
const SET_BY_LAMBDA = new Set<string>(['AWS_REGION']);
const requiredFromStack = requiredInAws.filter((name) => !SET_BY_LAMBDA.has(name));

describe('BraidStack with the required context and the defaults', () => {
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
          {
            IndexName: 'byStatusShard',
            KeySchema: [key('statusShard', 'HASH'), key('id', 'RANGE')],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      },
      { table: 'ledger', keys: [key('edition', 'HASH'), key('subscriber', 'RANGE')] },
      {
        table: 'editions',
        keys: [key('id', 'HASH')],
        indexes: [
          {
            IndexName: 'byDate',
            KeySchema: [key('archive', 'HASH'), key('scheduledAt', 'RANGE')],
            // `id` too: a table's key is in every index without being listed.
            Projection: {
              ProjectionType: 'INCLUDE',
              NonKeyAttributes: ['subject', 'preheader', 'date', 'stories'],
            },
          },
        ],
      },
    ] as const)('$table: keys, indexes, on-demand, PITR, retained', ({ table, keys, ...rest }) => {
      const tableResource = resource(s, s.stack[table]);
      expect(tableResource).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          KeySchema: keys,
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      });
      const indexes = 'indexes' in rest ? rest.indexes : undefined;
      expect(tableResource.Properties.GlobalSecondaryIndexes).toEqual(indexes);
    });

    // The embedded engine's tables (dynamo-tables.ts) are what the adapters are tested on:
    // the deployed ones must have the same keys and indexes, or a query that passes locally
    // fails in AWS.
    it.each(['subscribers', 'ledger', 'editions'] as const)(
      '%s has the keys and indexes of the local table definition',
      (table) => {
        const local = tableDefinitions({
          subscribers: 'subscribers',
          ledger: 'ledger',
          editions: 'editions',
        }).find((d) => d.TableName === table);
        const deployed = resource(s, s.stack[table]).Properties;
        const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
          (a.AttributeName ?? '').localeCompare(b.AttributeName ?? '');
        // byStatus stays deployed until the deploy after compose reads byStatusShard
        // (CloudFormation changes one index per update); local tables may have dropped it.
        const localIndexes = local?.GlobalSecondaryIndexes ?? [];
        const transitional =
          table === 'subscribers' && !localIndexes.some((i) => i.IndexName === STATUS_INDEX);
        const byIndexName = (a: { IndexName?: string }, b: { IndexName?: string }) =>
          (a.IndexName ?? '').localeCompare(b.IndexName ?? '');
        expect(deployed.KeySchema).toEqual(local?.KeySchema);
        expect(
          [...deployed.AttributeDefinitions]
            .filter((a) => !(transitional && a.AttributeName === 'status'))
            .sort(byName),
        ).toEqual([...(local?.AttributeDefinitions ?? [])].sort(byName));
        const indexes = localIndexes.map((i) => ({
          IndexName: i.IndexName,
          KeySchema: i.KeySchema,
          Projection: i.Projection,
        }));
        expect(
          [...(deployed.GlobalSecondaryIndexes ?? [])]
            .filter((i) => !(transitional && i.IndexName === STATUS_INDEX))
            .sort(byIndexName),
        ).toEqual(indexes.sort(byIndexName));
      },
    );

    it('subscribers keeps byStatus and adds byStatusShard (statusShard, id), projecting all', () => {
      s.template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'statusShard', AttributeType: 'S' },
        ]),
        GlobalSecondaryIndexes: Match.arrayWith([
          {
            IndexName: 'byStatus',
            KeySchema: [
              { AttributeName: 'status', KeyType: 'HASH' },
              { AttributeName: 'id', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: 'byStatusShard',
            KeySchema: [
              { AttributeName: 'statusShard', KeyType: 'HASH' },
              { AttributeName: 'id', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ]),
      });
    });
  });

  describe('functions', () => {
    it('has exactly compose, deliver, feedback and api', () => {
      s.template.resourceCountIs('AWS::Lambda::Function', 4);
    });

    it.each([
      { name: 'compose', timeout: 900, memory: 1024 },
      { name: 'deliver', timeout: 120, memory: 512 },
      { name: 'feedback', timeout: 30, memory: 256 },
      { name: 'api', timeout: 10, memory: 512 },
    ] as const)('$name runs Node 22 on arm64 with $timeout s and $memory MB', (expected) => {
      expect(functionProps(s, expected.name)).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Timeout: expected.timeout,
        MemorySize: expected.memory,
        Handler: 'index.handler',
      });
    });

    const everyFunctionEveryRequired = FUNCTIONS.flatMap((fn) =>
      requiredFromStack.map((name) => [fn, name] as const),
    );
    it.each(everyFunctionEveryRequired)(
      '%s sets %s, which config.ts requires in AWS',
      (fn, name) => {
        expect(environment(s, fn)).toHaveProperty(name);
      },
    );

    it.each(FUNCTIONS)('%s leaves AWS_REGION to Lambda', (fn) => {
      expect(requiredInAws).toContain('AWS_REGION'); // drop SET_BY_LAMBDA if this changes
      expect(environment(s, fn)).not.toHaveProperty('AWS_REGION');
    });

    it.each(FUNCTIONS)('%s sets only variables config.ts reads (no typos)', (fn) => {
      const known = new Set([...settingNames, 'NODE_OPTIONS']);
      expect(Object.keys(environment(s, fn)).filter((name) => !known.has(name))).toEqual([]);
    });

    const sharedValues: [string, string][] = [
      ['BRAID_MODE', 'aws'],
      ['BRAID_FROM', REAL_CONTEXT.from],
      ['BRAID_PUBLIC_URL', REAL_CONTEXT.publicUrl],
      ['BRAID_POSTAL_ADDRESS', REAL_CONTEXT.postalAddress],
      ['NODE_OPTIONS', '--enable-source-maps'],
    ];
    const shared = FUNCTIONS.flatMap((fn) =>
      sharedValues.map(([name, value]) => [fn, name, value] as const),
    );
    it.each(shared)('%s sets %s=%s', (fn, name, value) => {
      expect(environment(s, fn)[name]).toBe(value);
    });

    it.each([
      ['compose', 'BRAID_CONTENT_DIR', '/var/task/content'],
      ['compose', 'BRAID_TEMPLATES_DIR', '/var/task/templates'],
      ['compose', 'BRAID_TIME_ZONE', 'Europe/London'],
      ['compose', 'BRAID_SEND_RATE', '14'],
      ['compose', 'BRAID_DELIVER_CONCURRENCY', '2'],
      ['deliver', 'BRAID_TIME_ZONE', 'Europe/London'],
      ['deliver', 'BRAID_SEND_RATE', '14'],
      ['deliver', 'BRAID_DELIVER_CONCURRENCY', '2'],
      ['api', 'BRAID_TEMPLATES_DIR', '/var/task/templates'],
    ] as const)('%s sets %s=%s', (fn, name, value) => {
      expect(environment(s, fn)[name]).toBe(value);
    });

    const references = FUNCTIONS.flatMap((fn) =>
      (
        [
          ['BRAID_SUBSCRIBERS_TABLE', 'subscribers'],
          ['BRAID_LEDGER_TABLE', 'ledger'],
          ['BRAID_EDITIONS_TABLE', 'editions'],
          ['BRAID_ARCHIVE_BUCKET', 'archive'],
          ['BRAID_QUEUE_URL', 'deliverQueue'],
        ] as const
      ).map(([name, target]) => [fn, name, target] as const),
    );
    it.each(references)('%s sets %s to the %s', (fn, name, target) => {
      expect(environment(s, fn)[name]).toEqual(ref(s.stack, s.stack[target]));
    });

    it.each(['compose', 'deliver', 'api'] as const)(
      '%s sends through the stack configuration set',
      (fn) => {
        expect(environment(s, fn).BRAID_SES_CONFIGURATION_SET).toEqual(
          ref(s.stack, s.stack.configurationSet),
        );
      },
    );

    it.each(LINK_SIGNERS)('%s names the keyring secret by its ARN, never its value', (fn) => {
      // A Secret's Ref is its ARN: the function reads the value itself, at cold start.
      expect(environment(s, fn).BRAID_TOKEN_KEYS_SECRET).toEqual(ref(s.stack, s.stack.tokenKeys));
    });

    it.each(NOT_LINK_SIGNERS)('%s does not name the keyring secret', (fn) => {
      expect(environment(s, fn)).not.toHaveProperty('BRAID_TOKEN_KEYS_SECRET');
    });

    it('no function carries a key: no Secrets Manager reference, no BRAID_TOKEN_SECRET', () => {
      const functions = Object.entries(s.template.findResources('AWS::Lambda::Function'));
      expect(functions).toHaveLength(FUNCTIONS.length);
      for (const [id, fn] of functions) {
        const variables = fn.Properties.Environment?.Variables ?? {};
        expect(JSON.stringify(variables), id).not.toContain('resolve:secretsmanager');
        expect(Object.keys(variables), id).not.toContain('BRAID_TOKEN_SECRET');
        expect(Object.keys(variables), id).not.toContain('BRAID_TOKEN_KEYS');
      }
    });

    it('the keyring secret is retained and generates key k1 of a {"current":"k1"} keyring', () => {
      s.template.resourceCountIs('AWS::SecretsManager::Secret', 1);
      expect(resource(s, s.stack.tokenKeys)).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          GenerateSecretString: {
            SecretStringTemplate: JSON.stringify({ current: 'k1' }),
            GenerateStringKey: 'k1',
            PasswordLength: 48, // keyring.ts refuses keys under 32 characters
            ExcludePunctuation: true,
          },
        },
      });
    });
  });

  describe('permissions', () => {
    /**
     * Each function's DynamoDB actions, per table and per queried index, exactly: what its
     * code path calls, read from the adapters (lambda/adapters/dynamo-*.ts) and the methods
     * its handler reaches. A conditional write that rereads the item after a failed
     * condition (owned-write.ts) is why a writer also has GetItem.
     */
    const EXPECTED_DYNAMO: Record<FunctionName, Record<string, string[]>> = {
      // compose.ts → delivery/compose.ts: subscribers.pageByStatus (Query on byStatusShard,
      // and on byStatus to refuse a store not yet migrated); editions.get, storyHolder
      // (GetItem), claim, claimStory, claimStorySet (conditional PutItem, then GetItem),
      // saveProgress (UpdateItem).
      compose: {
        'subscribers/index/byStatusShard': ['dynamodb:Query'],
        'subscribers/index/byStatus': ['dynamodb:Query'],
        editions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      },
      // deliver.ts → delivery/deliver.ts: subscribers.getMany (BatchGetItem); editions.get
      // (GetItem); ledger.getMany (BatchGetItem), claim (PutItem, GetItem on a failed
      // condition), markSkipped (PutItem), markFailed and markUnknown (UpdateItem, GetItem),
      // release (DeleteItem), and the sent recorder's recordSent (BatchWriteItem).
      deliver: {
        subscribers: ['dynamodb:BatchGetItem'],
        editions: ['dynamodb:GetItem'],
        ledger: [
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ],
      },
      // feedback.ts → subscribers/feedback.ts: subscribers.setStatus and countSoftBounce
      // (UpdateItem, GetItem on a failed condition), get (GetItem); ledger.settleSent
      // (GetItem, then UpdateItem).
      feedback: {
        subscribers: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
        ledger: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      },
      // api.ts → api-deps.ts → http routes: signup, confirm, unsubscribe and resubscribe use
      // subscribers.get (GetItem) and replace (conditional PutItem, GetItem on a failed
      // condition); the archive and its feed use editions.listArchive (Query on byDate).
      api: {
        subscribers: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        'editions/index/byDate': ['dynamodb:Query'],
      },
    };

    it.each(FUNCTIONS)('%s has exactly the DynamoDB actions its code path calls', (fn) => {
      expect(dynamoAccess(s, fn)).toEqual(EXPECTED_DYNAMO[fn]);
    });

    it.each(FUNCTIONS)('%s may neither delete nor batch-write subscribers', (fn) => {
      const onSubscribers = dynamoAccess(s, fn).subscribers ?? [];
      expect(onSubscribers).not.toContain('dynamodb:DeleteItem');
      expect(onSubscribers).not.toContain('dynamodb:BatchWriteItem');
    });

    it('compose may neither delete nor batch-write editions, but claims and updates them', () => {
      const onEditions = dynamoAccess(s, 'compose').editions ?? [];
      expect(onEditions).not.toContain('dynamodb:DeleteItem');
      expect(onEditions).not.toContain('dynamodb:BatchWriteItem');
      expect(onEditions).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
      );
    });

    it('deliver keeps every ledger call: the sent recorder batch-writes, release deletes', () => {
      expect(dynamoAccess(s, 'deliver').ledger).toEqual(
        expect.arrayContaining([
          'dynamodb:BatchWriteItem',
          'dynamodb:DeleteItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
        ]),
      );
    });

    it('only deliver may delete or batch-write at all, and only ledger items', () => {
      for (const fn of FUNCTIONS) {
        for (const [resource, actions] of Object.entries(dynamoAccess(s, fn))) {
          if (fn === 'deliver' && resource === 'ledger') continue;
          const destructive = actions.filter(
            (a) => a === 'dynamodb:DeleteItem' || a === 'dynamodb:BatchWriteItem',
          );
          expect(destructive, `${fn} on ${resource}`).toEqual([]);
        }
      }
    });

    it('no function scans, and none queries a table itself, only named indexes', () => {
      // The migrations that scan (backfillStatusShards, migrateUnshardedLedger) are the CLI's.
      for (const fn of FUNCTIONS) {
        for (const [resource, actions] of Object.entries(dynamoAccess(s, fn))) {
          expect(actions, `${fn} on ${resource}`).not.toContain('dynamodb:Scan');
          if (!resource.includes('/index/')) {
            expect(actions, `${fn} on ${resource}`).not.toContain('dynamodb:Query');
          }
        }
      }
    });

    it('feedback may only get and update ledger items (settling sends and deliveries)', () => {
      const allowed = allowedActions(s.template, roleId(s.stack, 'feedback'));
      const ledger = logicalId(s.stack, s.stack.ledger);
      const onLedger = [...allowed.entries()]
        .filter(([, resources]) => tablesIn(resources).includes(ledger))
        .map(([action]) => action)
        .sort();
      expect(onLedger).toEqual(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
      for (const action of onLedger) {
        // The table itself: not its indexes (it has none) nor anything wider.
        const resources = (allowed.get(action) ?? []).filter((r) => tablesIn([r]).includes(ledger));
        expect(resources, action).toEqual([arnOf(s.stack, s.stack.ledger)]);
      }
    });

    it('feedback names the ledger table in the variable deliver reads it from', () => {
      const ledger = ref(s.stack, s.stack.ledger);
      expect(environment(s, 'deliver').BRAID_LEDGER_TABLE).toEqual(ledger);
      expect(environment(s, 'feedback').BRAID_LEDGER_TABLE).toEqual(ledger);
    });

    it('deliver may change the visibility of deliver-queue messages (the daily-quota pause)', () => {
      const allowed = allowedActions(s.template, roleId(s.stack, 'deliver'));
      expect(allowed.get('sqs:ChangeMessageVisibility')).toContainEqual(
        arnOf(s.stack, s.stack.deliverQueue),
      );
      // Only on its own queue: never the dead letters or another queue.
      for (const resource of allowed.get('sqs:ChangeMessageVisibility') ?? []) {
        expect(resource).toEqual(arnOf(s.stack, s.stack.deliverQueue));
      }
    });

    it('compose queries the two status indexes, by name, and never the ledger', () => {
      const allowed = allowedActions(s.template, roleId(s.stack, 'compose'));
      const arn = (table: TableName) => arnOf(s.stack, s.stack[table]);
      const index = (name: string) => ({
        'Fn::Join': ['', [arn('subscribers'), `/index/${name}`]],
      });
      // pageByStatus reads subscribers only through the indexes: no item of the table by id.
      const queried = allowed.get('dynamodb:Query') ?? [];
      expect(queried).toHaveLength(2);
      expect(queried).toEqual(expect.arrayContaining([index('byStatusShard'), index('byStatus')]));
      const everything = [...allowed.values()].flat();
      expect(everything).not.toContainEqual(arn('ledger'));
    });

    it.each(['deliver', 'api'] as const)(
      '%s may send raw email through the stack identity and configuration set only',
      (fn) => {
        const allowed = allowedActions(s.template, roleId(s.stack, fn));
        const resources = allowed.get('ses:SendRawEmail') ?? [];
        expect(resources).toHaveLength(2);
        const json = JSON.stringify(resources);
        expect(json).toContain(
          `":identity/",${JSON.stringify(ref(s.stack, s.stack.sendingIdentity.identity))}`,
        );
        expect(json).toContain(JSON.stringify(ref(s.stack, s.stack.configurationSet)).slice(1, -1));
        expect(json).not.toMatch(/\/\*/); // no identity/* or configuration-set/*
      },
    );

    it('deliver reads the quota, the one action IAM allows only on "*"', () => {
      const allowed = allowedActions(s.template, roleId(s.stack, 'deliver'));
      expect(allowed.get('ses:GetSendQuota')).toEqual(['*']);
    });

    it('no statement of any policy allows a "*" action or a service-wide action', () => {
      const policies = Object.values(s.template.findResources('AWS::IAM::Policy'));
      const actions = policies.flatMap((p) =>
        (p.Properties.PolicyDocument.Statement as Statement[]).flatMap((st) => [st.Action].flat()),
      );
      expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    });

    it.each(FUNCTIONS)(
      '%s has its own role with no managed policy, writing only its log group',
      (fn) => {
        const role = resource(s, s.stack[fn].role as IConstruct).Properties;
        expect(role.ManagedPolicyArns).toBeUndefined();
        const allowed = allowedActions(s.template, roleId(s.stack, fn));
        const logGroup = functionProps(s, fn).LoggingConfig.LogGroup;
        expect(allowed.get('logs:PutLogEvents')).toEqual([{ 'Fn::GetAtt': [logGroup.Ref, 'Arn'] }]);
      },
    );

    it('compose queues batches and writes web copies, and cannot send email', () => {
      const allowed = allowedActions(s.template, roleId(s.stack, 'compose'));
      expect(allowed.get('sqs:SendMessage')).toEqual([arnOf(s.stack, s.stack.deliverQueue)]);
      expect(allowed.get('s3:PutObject')).toEqual([
        { 'Fn::Join': ['', [arnOf(s.stack, s.stack.archive), '/editions/*']] },
      ]);
      expect(allowed.has('ses:SendRawEmail')).toBe(false);
      expect([...allowed.keys()].filter((action) => action.startsWith('ses:'))).toEqual([]);
    });

    it.each(['compose', 'feedback'] as const)('%s has no SES permission and no S3 read', (fn) => {
      const allowed = allowedActions(s.template, roleId(s.stack, fn));
      const actions = [...allowed.keys()];
      expect(actions.filter((a) => a.startsWith('ses:') || a.startsWith('s3:Get'))).toEqual([]);
    });

    it.each(LINK_SIGNERS)('%s may read the keyring secret, and only that secret', (fn) => {
      const allowed = allowedActions(s.template, roleId(s.stack, fn));
      expect(allowed.get('secretsmanager:GetSecretValue')).toEqual([
        ref(s.stack, s.stack.tokenKeys),
      ]);
    });

    it.each(NOT_LINK_SIGNERS)('%s has no Secrets Manager permission at all', (fn) => {
      const allowed = allowedActions(s.template, roleId(s.stack, fn));
      expect([...allowed.keys()].filter((a) => a.startsWith('secretsmanager:'))).toEqual([]);
    });

    it('api gets subscribers by id and lists editions through the byDate index only', () => {
      const allowed = allowedActions(s.template, roleId(s.stack, 'api'));
      const arn = (table: TableName) => arnOf(s.stack, s.stack[table]);
      const byDate = { 'Fn::Join': ['', [arn('editions'), '/index/byDate']] };
      expect(allowed.get('dynamodb:GetItem')).toEqual([arn('subscribers')]);
      // No subscriber index (the api looks subscribers up by id), no edition item (web copies
      // are read from S3): the one query is the archive listing.
      expect(allowed.get('dynamodb:Query')).toEqual([byDate]);
    });

    it('api never touches the ledger or the queue, and cannot write web copies', () => {
      const allowed = allowedActions(s.template, roleId(s.stack, 'api'));
      const everything = JSON.stringify([...allowed.values()].flat());
      expect(everything).not.toContain(`"${logicalId(s.stack, s.stack.ledger)}"`);
      expect(everything).not.toContain(`"${logicalId(s.stack, s.stack.deliverQueue)}"`);
      const actions = [...allowed.keys()];
      expect(actions.filter((a) => a.startsWith('sqs:'))).toEqual([]);
      expect(actions.filter((a) => a.startsWith('s3:')).sort()).toEqual([
        's3:GetObject',
        's3:ListBucket',
      ]);
    });

    it('api reads only the web copies under editions/', () => {
      const allowed = allowedActions(s.template, roleId(s.stack, 'api'));
      expect(allowed.get('s3:GetObject')).toEqual([
        { 'Fn::Join': ['', [arnOf(s.stack, s.stack.archive), '/editions/*']] },
      ]);
    });

    it('api may list only under editions/, so a missing web copy is a 404, not AccessDenied', () => {
      const statements = Object.values(s.template.findResources('AWS::IAM::Policy')).flatMap(
        (policy) =>
          (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } })
            .Properties.PolicyDocument.Statement,
      );
      const list = statements.filter((statement) => statement.Action === 's3:ListBucket');
      expect(list).toEqual([
        expect.objectContaining({
          Resource: arnOf(s.stack, s.stack.archive),
          Condition: { StringLike: { 's3:prefix': ['editions/*'] } },
        }),
      ]);
    });

    it('api may send raw email (one message at a time) but not read the quota', () => {
      const allowed = allowedActions(s.template, roleId(s.stack, 'api'));
      expect(allowed.get('ses:SendRawEmail')).toHaveLength(2);
      expect([...allowed.keys()].filter((a) => a.startsWith('ses:'))).toEqual(['ses:SendRawEmail']);
    });
  });

  describe('deliver queue', () => {
    it('redrives to its dead-letter queue after 5 receives', () => {
      expect(resource(s, s.stack.deliverQueue).Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: arnOf(s.stack, s.stack.deliverDeadLetters),
        maxReceiveCount: 5,
      });
    });

    it('keeps a batch invisible for at least 6 × the deliver timeout', () => {
      const visibility = resource(s, s.stack.deliverQueue).Properties.VisibilityTimeout as number;
      const timeout = functionProps(s, 'deliver').Timeout as number;
      expect(visibility).toBeGreaterThanOrEqual(6 * timeout);
    });

    it('keeps dead letters for 14 days', () => {
      expect(resource(s, s.stack.deliverDeadLetters).Properties.MessageRetentionPeriod).toBe(
        14 * 24 * 3600,
      );
    });

    it('alarms (to the alarm topic) when the dead-letter queue holds any message, and not on missing data', () => {
      expect(resource(s, s.stack.deliverDeadLettersAlarm).Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [logicalId(s.stack, s.stack.deliverDeadLetters), 'QueueName'] },
          },
        ],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
    });

    it('feeds deliver 10 messages at a time (7/s each at the defaults), with partial batch failures, capped at its concurrency', () => {
      const reserved = functionProps(s, 'deliver').ReservedConcurrentExecutions as number;
      s.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
      s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: arnOf(s.stack, s.stack.deliverQueue),
        FunctionName: ref(s.stack, s.stack.deliver),
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: reserved },
      });
    });

    it('reserves as much concurrency for deliver as BRAID_DELIVER_CONCURRENCY says', () => {
      const props = functionProps(s, 'deliver');
      expect(props.ReservedConcurrentExecutions).toBe(DEFAULT_SETTINGS.deliverConcurrency);
      expect(props.ReservedConcurrentExecutions).toBe(
        Number(props.Environment.Variables.BRAID_DELIVER_CONCURRENCY),
      );
    });
  });

  describe('sending halted', () => {
    it('deliver logs to the group the metric filter watches', () => {
      expect(functionProps(s, 'deliver').LoggingConfig).toMatchObject({
        LogGroup: ref(s.stack, s.stack.deliverLogs),
      });
    });

    it('counts deliver\'s {"message":"sending halted"} lines as Braid/SendingHalted', () => {
      s.template.hasResourceProperties('AWS::Logs::MetricFilter', {
        LogGroupName: ref(s.stack, s.stack.deliverLogs),
        FilterPattern: '{ $.message = "sending halted" }',
        MetricTransformations: [
          { MetricNamespace: 'Braid', MetricName: 'SendingHalted', MetricValue: '1' },
        ],
      });
    });

    it('alarms on one halt in 5 minutes, and not on missing data', () => {
      expect(resource(s, s.stack.sendingHaltedAlarm).Properties).toMatchObject({
        Namespace: 'Braid',
        MetricName: 'SendingHalted',
        Statistic: 'Sum',
        Period: 300,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
      });
    });

    it('notifies whatever the other alarms notify', () => {
      const actions = (alarm: IConstruct) => {
        const { AlarmActions, OKActions, InsufficientDataActions } = resource(s, alarm).Properties;
        return { AlarmActions, OKActions, InsufficientDataActions };
      };
      expect(actions(s.stack.sendingHaltedAlarm)).toEqual(actions(s.stack.deliverDeadLettersAlarm));
    });
  });

  describe('queues', () => {
    it('every queue is SQS-encrypted and refuses plain HTTP', () => {
      const queues = s.template.findResources('AWS::SQS::Queue');
      expect(Object.keys(queues)).toHaveLength(4); // deliver, its DLQ, feedback DLQ, schedule DLQ
      const policies = Object.values(s.template.findResources('AWS::SQS::QueuePolicy'));
      for (const [id, queue] of Object.entries(queues)) {
        expect(queue.Properties.SqsManagedSseEnabled, id).toBe(true);
        const policy = policies.find((p) =>
          JSON.stringify(p.Properties.Queues).includes(`"${id}"`),
        );
        expect(policy?.Properties.PolicyDocument.Statement, id).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        );
      }
    });
  });

  describe('SES feedback', () => {
    it('has a configuration set with reputation metrics', () => {
      s.template.resourceCountIs('AWS::SES::ConfigurationSet', 1);
      expect(resource(s, s.stack.configurationSet).Properties).toMatchObject({
        ReputationOptions: { ReputationMetricsEnabled: true },
      });
    });

    it('publishes sends, deliveries, bounces, complaints and rejects, and only those, to the SNS topic', () => {
      const destinations = Object.values(
        s.template.findResources('AWS::SES::ConfigurationSetEventDestination'),
      );
      expect(destinations).toHaveLength(1);
      const props = destinations[0]?.Properties;
      expect(props.ConfigurationSetName).toEqual(ref(s.stack, s.stack.configurationSet));
      expect(props.EventDestination.Enabled).toBe(true);
      expect([...props.EventDestination.MatchingEventTypes].sort()).toEqual([
        'bounce',
        'complaint',
        'delivery',
        'reject',
        'send',
      ]);
      expect(props.EventDestination.SnsDestination).toEqual({
        TopicARN: ref(s.stack, s.stack.feedbackTopic),
      });
    });

    it('lets only this configuration set publish to the topic', () => {
      s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [ref(s.stack, s.stack.feedbackTopic)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sns:Publish',
              Principal: { Service: 'ses.amazonaws.com' },
              Condition: {
                StringEquals: Match.objectLike({
                  'AWS:SourceArn': Match.objectLike({
                    'Fn::Join': ['', Match.arrayWith([ref(s.stack, s.stack.configurationSet)])],
                  }),
                }),
              },
            }),
          ]),
        },
      });
    });

    it('subscribes feedback to the topic, with a dead-letter queue on the subscription', () => {
      s.template.resourceCountIs('AWS::SNS::Subscription', 2); // feedback, and the alarm email
      s.template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'lambda',
        TopicArn: ref(s.stack, s.stack.feedbackTopic),
        Endpoint: arnOf(s.stack, s.stack.feedback),
        RedrivePolicy: { deadLetterTargetArn: arnOf(s.stack, s.stack.feedbackDeadLetters) },
      });
      s.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(s.stack, s.stack.feedbackDeadLetters)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Action: 'sqs:SendMessage',
              Principal: { Service: 'sns.amazonaws.com' },
            }),
          ]),
        },
      });
    });

    it('parks events feedback still fails on after its retries, and alarms on them', () => {
      expect(functionProps(s, 'feedback').DeadLetterConfig).toEqual({
        TargetArn: arnOf(s.stack, s.stack.feedbackDeadLetters),
      });
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Dimensions: [
          {
            Name: 'QueueName',
            Value: { 'Fn::GetAtt': [logicalId(s.stack, s.stack.feedbackDeadLetters), 'QueueName'] },
          },
        ],
        Threshold: 1,
        TreatMissingData: 'notBreaching',
      });
    });
  });

  describe('archive bucket', () => {
    it('blocks all public access, is encrypted, versioned and retained', () => {
      expect(resource(s, s.stack.archive)).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
          VersioningConfiguration: { Status: 'Enabled' },
        },
      });
    });

    it('refuses plain HTTP', () => {
      s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref(s.stack, s.stack.archive),
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
  });

  describe('HTTP API', () => {
    it('is one HTTP API whose routes all go to the api function, through Lambda proxy 2.0', () => {
      s.template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
      expect(resource(s, s.stack.httpApi).Properties.ProtocolType).toBe('HTTP');
      const routes = Object.values(s.template.findResources('AWS::ApiGatewayV2::Route'));
      expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(['ANY /{proxy+}', 'GET /']);
      const integrations = s.template.findResources('AWS::ApiGatewayV2::Integration');
      for (const route of routes) {
        expect(route.Properties.ApiId).toEqual(ref(s.stack, s.stack.httpApi));
        expect(route.Properties.AuthorizationType).toBe('NONE'); // public pages
        const target = route.Properties.Target['Fn::Join'][1] as unknown[];
        expect(target[0]).toBe('integrations/');
        const integrationId = (target[1] as { Ref: string }).Ref;
        expect(integrations[integrationId]?.Properties).toMatchObject({
          IntegrationType: 'AWS_PROXY',
          IntegrationUri: arnOf(s.stack, s.stack.api),
          PayloadFormatVersion: '2.0',
        });
      }
    });

    it('lets API Gateway invoke the api function, from this API only', () => {
      const permissions = Object.values(
        s.template.findResources('AWS::Lambda::Permission', {
          Properties: { FunctionName: arnOf(s.stack, s.stack.api) },
        }),
      );
      expect(permissions.length).toBeGreaterThan(0);
      for (const permission of permissions) {
        expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
        expect(JSON.stringify(permission.Properties.SourceArn)).toContain(
          `"${logicalId(s.stack, s.stack.httpApi)}"`,
        );
      }
    });

    it('serves one auto-deployed $default stage, throttled at 20 requests/s with bursts of 40', () => {
      s.template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
      expect(resource(s, s.stack.apiStage).Properties).toMatchObject({
        ApiId: ref(s.stack, s.stack.httpApi),
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      });
    });

    it('writes JSON access logs, without paths or query strings, to a log group kept a month', () => {
      const settings = resource(s, s.stack.apiStage).Properties.AccessLogSettings;
      const groupId = settings.DestinationArn['Fn::GetAtt'][0] as string;
      expect(s.template.toJSON().Resources[groupId]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 30 },
      });
      const format = JSON.parse(settings.Format as string) as Record<string, string>;
      expect(format).toEqual({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        requestTime: '$context.requestTime',
        httpMethod: '$context.httpMethod',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLength: '$context.responseLength',
        integrationError: '$context.integrationErrorMessage',
      });
      // Tokens travel in query strings: neither the path nor the query is logged.
      expect(settings.Format).not.toMatch(/\$context\.(path|requestUri|querystring)/i);
    });

    it('outputs the URL of the stage, the publicUrl to use without a custom domain', () => {
      const outputs = s.template.findOutputs('ApiUrl');
      expect(JSON.stringify(outputs.ApiUrl?.Value)).toContain(
        `"${logicalId(s.stack, s.stack.httpApi)}"`,
      );
      expect(JSON.stringify(outputs.ApiUrl?.Value)).toContain('https://');
    });

    it('gives no warning at all', () => {
      Annotations.fromStack(s.stack).hasNoWarning('*', Match.anyValue());
    });
  });

  describe('SES identity', () => {
    it('is the domain, with Easy DKIM 2048-bit, a custom MAIL FROM and the configuration set', () => {
      s.template.resourceCountIs('AWS::SES::EmailIdentity', 1);
      expect(resource(s, s.stack.sendingIdentity.identity).Properties).toMatchObject({
        EmailIdentity: 'news.braid-paper.net',
        DkimAttributes: { SigningEnabled: true },
        DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
        MailFromAttributes: {
          MailFromDomain: 'bounce.news.braid-paper.net',
          BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
        },
        ConfigurationSetAttributes: {
          ConfigurationSetName: ref(s.stack, s.stack.configurationSet),
        },
      });
    });

    it('prints every DNS record the domain needs: 3 DKIM CNAMEs, MAIL FROM MX and SPF, DMARC', () => {
      const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
      for (const i of [1, 2, 3]) {
        expect(JSON.stringify(outputs[`DkimRecord${i}`]?.Value)).toContain(`DkimDNSTokenName${i}`);
      }
      expect(JSON.stringify(outputs.MailFromMx?.Value)).toContain(
        'bounce.news.braid-paper.net MX 10 feedback-smtp.',
      );
      expect(outputs.MailFromSpf?.Value).toBe(
        'bounce.news.braid-paper.net TXT "v=spf1 include:amazonses.com ~all"',
      );
      expect(outputs.DmarcRecord?.Value).toBe(
        '_dmarc.news.braid-paper.net TXT "v=DMARC1; p=none; adkim=r; aspf=r"',
      );
    });
  });

  describe('alarms', () => {
    const topicRef = () => ref(s.stack, s.stack.alarms.topic);
    it('has one alarm topic, SSL-only, subscribed by the alarmEmail address', () => {
      s.template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@braid-paper.net',
        TopicArn: topicRef(),
      });
      s.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [topicRef()],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
      expect(s.template.findOutputs('AlarmTopicArn').AlarmTopicArn?.Value).toEqual(topicRef());
    });

    it('every alarm notifies the topic on alarm and on OK, and never alarms on missing data', () => {
      const alarms = Object.values(s.template.findResources('AWS::CloudWatch::Alarm'));
      // DLQs (deliver, feedback), sending halted, deliver errors and throttles, bounce, complaint.
      expect(alarms).toHaveLength(7);
      for (const alarm of alarms) {
        expect(alarm.Properties.AlarmActions).toEqual([topicRef()]);
        expect(alarm.Properties.OKActions).toEqual([topicRef()]);
        expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
      }
    });

    it.each([
      ['Reputation.BounceRate', 0.05],
      ['Reputation.ComplaintRate', 0.001],
    ])('alarms when SES %s is over %s', (metric, threshold) => {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metric,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    });

    it.each(['Errors', 'Throttles'])('alarms on any deliver %s in five minutes', (metric) => {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: ref(s.stack, s.stack.deliver) }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
      });
    });
  });

  describe('logs and state', () => {
    it.each(FUNCTIONS)('%s logs to its own log group, kept 30 days', (fn) => {
      const group = functionProps(s, fn).LoggingConfig.LogGroup.Ref as string;
      expect(s.template.toJSON().Resources[group]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 30 },
      });
    });

    it.each(['subscribers', 'ledger', 'editions'] as const)(
      '%s is protected from deletion and has no TTL (no item carries an expiry)',
      (table) => {
        const props = resource(s, s.stack[table]).Properties;
        expect(props.DeletionProtectionEnabled).toBe(true);
        expect(props.TimeToLiveSpecification).toBeUndefined();
      },
    );

    // A retained resource whose logical id changed would be orphaned and a new, empty one
    // made: these ids are what deployed stacks already have.
    it.each([
      ['subscribers', 'SubscribersF56A45C7'],
      ['editions', 'Editions6D86CEE6'],
      ['archive', 'ArchiveDA4CB258'],
    ] as const)('%s keeps its logical id %s', (name, id) => {
      expect(logicalId(s.stack, s.stack[name])).toBe(id);
    });

    it('logs archive access to its own SSL-only, private, encrypted bucket', () => {
      const logging = resource(s, s.stack.archive).Properties.LoggingConfiguration;
      expect(logging.LogFilePrefix).toBe('archive/');
      const target = s.template.toJSON().Resources[logging.DestinationBucketName.Ref];
      expect(target.Properties).toMatchObject({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
      });
    });
  });

  describe('cdk-nag AwsSolutions', () => {
    it('finds nothing that is not acknowledged with a reason', () => {
      const report = new AwsSolutionsChecks().validateScope(s.stack);
      expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    });

    it('every acknowledgement carries a written reason', () => {
      const acknowledged = s.stack.node
        .findAll()
        .flatMap((c) => c.node.metadata)
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>));
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const [id, reason] of acknowledged) expect(reason.length, id).toBeGreaterThan(40);
    });
  });

  describe('bundles', () => {
    const banner = /^import \{ createRequire as __braidCreateRequire \} from 'node:module';/;
    it.each([
      { fn: 'compose', content: true, templates: true, mjml: false },
      { fn: 'deliver', content: false, templates: false, mjml: false },
      { fn: 'feedback', content: false, templates: false, mjml: false },
      { fn: 'api', content: false, templates: true, mjml: false },
    ] as const)(
      '$fn: index.mjs with the require banner and a map; content/: $content; templates/: $templates; MJML: $mjml',
      ({ fn, mjml, ...folders }) => {
        const dir = bundleDir(s, fn);
        const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
        expect(code).toMatch(banner);
        expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
        for (const [folder, bundled] of Object.entries(folders)) {
          expect(existsSync(join(dir, folder)), folder).toBe(bundled);
          if (bundled) expect(readdirSync(join(dir, folder)).length, folder).toBeGreaterThan(0);
        }
        if (folders.templates) {
          expect(readdirSync(join(dir, 'templates', 'compiled')).length).toBeGreaterThan(0);
        }
        // Templates are compiled at build time (templates/compiled/): no Lambda loads MJML.
        expect(code.includes('mjml')).toBe(mjml);
      },
    );
  });

  describe('bundle weight', () => {
    const kb = (fn: FunctionName) => statSync(join(bundleDir(s, fn), 'index.mjs')).size / 1024;
    it.each(['deliver', 'api'] as const)('%s is minified, under 1 MB, with no MJML', (fn) => {
      const code = readFileSync(join(bundleDir(s, fn), 'index.mjs'), 'utf8');
      expect(kb(fn)).toBeLessThan(1024);
      expect(code).not.toMatch(/mjml/i);
      // Minified: long lines (unminified esbuild output averages about 30 characters a line).
      expect(code.length / code.split('\n').length).toBeGreaterThan(500);
    });

    it.each([
      ['deliver', ['client-dynamodb', 'client-secrets-manager', 'client-ses', 'client-sqs']],
      ['feedback', ['client-dynamodb']],
      ['api', ['client-dynamodb', 'client-s3', 'client-secrets-manager', 'client-ses']],
    ] as const)('%s imports only the SDK clients it uses: %j', (fn, clients) => {
      const code = readFileSync(join(bundleDir(s, fn), 'index.mjs'), 'utf8');
      const imported = [...new Set(code.match(/@aws-sdk\/client-[a-z0-9-]+/g))].sort();
      expect(imported.map((c) => c.replace('@aws-sdk/', ''))).toEqual([...clients]);
    });
  });

  describe('daily schedule', () => {
    it('is switched on, invoking compose at 06:00 Europe/London with the scheduled time, 2 retries and a DLQ', () => {
      s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 6 * * ? *)',
        ScheduleExpressionTimezone: 'Europe/London',
        State: 'ENABLED',
        Target: {
          Arn: arnOf(s.stack, s.stack.compose),
          Input: Match.serializedJson({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } },
        },
      });
    });

    it('parks undeliverable invocations in its own 14-day dead-letter queue', () => {
      const [schedule] = Object.values(s.template.findResources('AWS::Scheduler::Schedule'));
      const queueId = schedule?.Properties.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
      const others = [
        s.stack.deliverQueue,
        s.stack.deliverDeadLetters,
        s.stack.feedbackDeadLetters,
      ];
      expect(others.map((q) => logicalId(s.stack, q))).not.toContain(queueId);
      expect(s.template.toJSON().Resources[queueId]?.Properties).toMatchObject({
        MessageRetentionPeriod: 14 * 24 * 3600,
        SqsManagedSseEnabled: true,
      });
    });

    it("lets the scheduler's role invoke compose and write to the DLQ", () => {
      const [scheduleProps] = Object.values(s.template.findResources('AWS::Scheduler::Schedule'));
      const role = scheduleProps?.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
      const allowed = allowedActions(s.template, role);
      expect(allowed.has('lambda:InvokeFunction')).toBe(true);
      expect(allowed.has('sqs:SendMessage')).toBe(true);
    });
  });
});

describe('BraidStack with context', () => {
  let s: Synthesized;
  const context = {
    timeZone: 'America/New_York',
    scheduleCron: 'cron(30 5 ? * MON-FRI *)',
    sendSchedule: 'false',
    deliverConcurrency: '3',
    sendRate: '20',
    apiRateLimit: '5',
    apiBurstLimit: '10',
    mailFromSubdomain: 'mail',
  };
  beforeAll(() => {
    s = synth({ ...context, ...SKIP_BUNDLING });
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => cleanUp(s));

  it('fires on the configured cron in the configured time zone, switched off by sendSchedule=false', () => {
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 5 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'America/New_York',
      State: 'DISABLED',
    });
  });

  it('throttles the API stage at apiRateLimit and apiBurstLimit', () => {
    expect(resource(s, s.stack.apiStage).Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 5,
      ThrottlingBurstLimit: 10,
    });
  });

  it('uses the configured MAIL FROM subdomain', () => {
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      MailFromAttributes: { MailFromDomain: 'mail.news.braid-paper.net' },
    });
  });

  it.each([
    ['compose', 'BRAID_TIME_ZONE', context.timeZone],
    ['deliver', 'BRAID_TIME_ZONE', context.timeZone],
    ['compose', 'BRAID_SEND_RATE', '20'],
    ['deliver', 'BRAID_SEND_RATE', '20'],
    ['compose', 'BRAID_DELIVER_CONCURRENCY', '3'],
    ['deliver', 'BRAID_DELIVER_CONCURRENCY', '3'],
  ] as const)('%s gets %s=%s', (fn, name, value) => {
    expect(environment(s, fn)[name]).toBe(value);
  });

  it('reserves deliverConcurrency for deliver and caps the event source at it', () => {
    expect(functionProps(s, 'deliver').ReservedConcurrentExecutions).toBe(3);
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 3 },
    });
  });
});

describe('deliver memory for its share of the rate', () => {
  it.each([
    [7, 512],
    [125, 832],
    [250, 1664],
    [400, 1769],
  ])('%s messages a second per instance get %s MB', (rate, megabytes) => {
    expect(deliverMemory(rate)).toBe(megabytes);
  });

  it.each([
    [0.5, 1],
    [1, 1],
    [2, 3],
    [7, 10],
    [125, 10],
  ])('%s messages a second per instance take %s queue messages an invocation', (rate, size) => {
    expect(deliverBatchSize(rate)).toBe(size);
  });

  describe('BraidStack at 1,000/s over 4 instances', () => {
    let s: Synthesized;
    beforeAll(() => {
      s = synth({ sendRate: 1000, deliverConcurrency: 4, ...SKIP_BUNDLING });
    }, SYNTH_TIMEOUT_MS);
    afterAll(() => cleanUp(s));

    it('gives deliver the memory (so the CPU) 250/s needs and ten messages an invocation', () => {
      expect(functionProps(s, 'deliver').MemorySize).toBe(1664);
      s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10 });
    });
  });

  it('stops synth when one instance would have to keep more than one vCPU sends (1,000/s over 2)', () => {
    expect(() => synth({ sendRate: 1000, deliverConcurrency: 2, ...SKIP_BUNDLING })).toThrow(
      /raise CDK context "deliverConcurrency"/,
    );
  });
});

describe('the app as `npm run synth` builds it', () => {
  it('stops synth when a resource has a cdk-nag finding nobody acknowledged', () => {
    const { app, stack } = createBraidApp({
      context: { ...cdkJson.context, ...REAL_CONTEXT, ...SKIP_BUNDLING },
    });
    new Topic(stack, 'Unacknowledged'); // AwsSolutions-SNS3: publishers need not use TLS
    try {
      expect(() => app.synth()).toThrow(/SNS Topic does not require publishers to use SSL/);
    } finally {
      rmSync(app.outdir, { recursive: true, force: true });
    }
  });

  it('stops before building anything when required context is missing, naming each key', () => {
    expect(() => createBraidApp({ context: cdkJson.context })).toThrow(
      /domain: missing[\s\S]*from: missing[\s\S]*publicUrl: missing[\s\S]*postalAddress: missing[\s\S]*alarmEmail: missing/,
    );
  });

  it('synthesizes with example values only under demo=true, with a warning', () => {
    const { stack } = createBraidApp({
      context: { ...cdkJson.context, demo: 'true', ...SKIP_BUNDLING },
    });
    Annotations.fromStack(stack).hasWarning('/Braid', Match.stringLikeRegexp('Never deploy'));
  });
});
