import { Annotations, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DATE_INDEX, STATUS_INDEX, STATUS_SHARD_INDEX } from '../lambda/adapters/dynamo-tables.ts';
import { MAX_RECEIVES, SENDING_HALTED } from '../lambda/handlers/deliver-handler.ts';
import { Alarms } from './constructs/alarms.ts';
import { type BraidFunction, braidFunction, TASK_ROOT } from './constructs/braid-function.ts';
import { DailySchedule } from './constructs/daily-schedule.ts';
import { acknowledge, arnInFinding } from './constructs/nag.ts';
import { PublicApi } from './constructs/public-api.ts';
import { createDeliverQueue, deadLetterQueue } from './constructs/queues.ts';
import { createSesFeedback, SendingIdentity } from './constructs/sending-identity.ts';
import { createArchive, createLinkKeys, createTables } from './constructs/storage.ts';
import { allowTable } from './constructs/table-access.ts';
import { deliverBatchSize, deliverMemory, MAX_RATE_PER_INSTANCE } from './delivery-sizing.ts';
import type { BraidSettings } from './settings.ts';

export interface BraidStackProps extends StackProps {
  settings: BraidSettings;
}

/**
 * Compose renders once and queues: a million subscribers take about a minute (README, "A
 * million subscribers"). It runs once a day and is billed for the time it uses, so it gets
 * Lambda's ceiling, and a run that still ran out would resume where it stopped.
 */
export const COMPOSE_TIMEOUT = Duration.seconds(900);
/** Up to ten queue messages of 50 recipients an invocation, sent within 90 s, 15 s in hand. */
export const DELIVER_TIMEOUT = Duration.seconds(120);
/** SNS events are one or two single-item writes each. */
export const FEEDBACK_TIMEOUT = Duration.seconds(30);
/** A person waits on every request: room for a cold start and one SES call. */
export const API_TIMEOUT = Duration.seconds(10);

/** Why a Lambda runs Node 22 while cdk-nag asks for the newest runtime. */
const RUNTIME_REASON =
  'Node.js 22 is the runtime the bundles are built (esbuild target node22) and tested for; a ' +
  'runtime upgrade is its own change, made with the tests and bench re-run on it.';

/** Why a function may touch any object under `editions/`. */
const WEB_COPIES_REASON =
  'Web copies are `editions/<edition id>.html`, one per edition, named when the edition is ' +
  'composed: the prefix is the narrowest resource. The bucket holds nothing else.';

export class BraidStack extends Stack {
  readonly settings: BraidSettings;
  readonly subscribers: dynamodb.Table;
  readonly ledger: dynamodb.Table;
  readonly editions: dynamodb.Table;
  /** Web copies of the editions, `editions/<id>.html`. */
  readonly archive: s3.Bucket;
  /** Batches of recipients, filled by compose, drained by deliver. */
  readonly deliverQueue: sqs.Queue;
  readonly deliverDeadLetters: sqs.Queue;
  readonly deliverDeadLettersAlarm: cloudwatch.Alarm;
  readonly configurationSet: ses.ConfigurationSet;
  readonly sendingIdentity: SendingIdentity;
  /** Where SES publishes its events; feedback is its one subscriber. */
  readonly feedbackTopic: sns.Topic;
  readonly feedbackDeadLetters: sqs.Queue;
  /** The keyring that signs and verifies confirm and unsubscribe links. */
  readonly tokenKeys: secretsmanager.Secret;
  readonly alarms: Alarms;
  readonly compose: NodejsFunction;
  readonly deliver: NodejsFunction;
  /** Deliver's log group, where its "sending halted" lines are counted. */
  readonly deliverLogs: logs.LogGroup;
  /** Raised when deliver stops sending for the day (SES's daily quota is spent). */
  readonly sendingHaltedAlarm: cloudwatch.Alarm;
  readonly feedback: NodejsFunction;
  /** The public pages: signup, confirm, unsubscribe, archive. */
  readonly api: NodejsFunction;
  readonly httpApi: apigwv2.HttpApi;
  readonly apiStage: apigwv2.HttpStage;
  readonly schedule: DailySchedule;

  constructor(scope: Construct, id: string, props: BraidStackProps) {
    super(scope, id, props);
    const { settings } = props;
    this.settings = settings;
    if (settings.demo) {
      Annotations.of(this).addWarningV2(
        'braid:demo',
        'demo=true: synthesized with example values (example.org). Never deploy this template.',
      );
    }

    ({
      subscribers: this.subscribers,
      ledger: this.ledger,
      editions: this.editions,
    } = createTables(this));
    this.archive = createArchive(this);
    this.tokenKeys = createLinkKeys(this);
    ({ queue: this.deliverQueue, deadLetters: this.deliverDeadLetters } = createDeliverQueue(
      this,
      DELIVER_TIMEOUT,
      MAX_RECEIVES,
    ));
    ({ configurationSet: this.configurationSet, topic: this.feedbackTopic } =
      createSesFeedback(this));
    this.sendingIdentity = new SendingIdentity(this, 'SendingIdentity', {
      domain: settings.domain,
      mailFromSubdomain: settings.mailFromSubdomain,
      configurationSet: this.configurationSet,
    });
    this.alarms = new Alarms(this, 'Alarms', { email: settings.alarmEmail });
    this.alarms.onReputation();
    this.deliverDeadLettersAlarm = this.alarms.onDeadLetters(
      'DeliverDeadLettersAlarm',
      this.deliverDeadLetters,
      `a batch of recipients was received ${MAX_RECEIVES} times without being delivered ` +
        '(errors, throttling, or the daily SES quota) and is parked in the deliver dead-letter ' +
        'queue. Read the deliver logs, fix, then redrive it to the deliver queue.',
    );

    const compose = this.composeFunction();
    this.compose = compose.fn;
    const deliver = this.deliverFunction();
    this.deliver = deliver.fn;
    this.deliverLogs = deliver.logGroup;
    this.sendingHaltedAlarm = this.alarms.onLogLine(
      'SendingHalted',
      deliver.logGroup,
      SENDING_HALTED,
      'deliver stopped sending (SES daily quota spent, or sending paused); the remaining ' +
        'batches wait in the deliver queue. Read the reason in the deliver logs; ask SES for a ' +
        'higher quota if this recurs.',
    );
    this.feedbackDeadLetters = deadLetterQueue(this, 'FeedbackDeadLetters');
    this.feedback = this.feedbackFunction().fn;
    const api = this.apiFunction();
    this.api = api.fn;
    const publicApi = new PublicApi(this, 'PublicApi', {
      fn: api.fn,
      rateLimit: settings.apiRateLimit,
      burstLimit: settings.apiBurstLimit,
    });
    this.httpApi = publicApi.httpApi;
    this.apiStage = publicApi.stage;
    this.schedule = new DailySchedule(this, 'DailyCompose', {
      target: this.compose,
      cron: settings.scheduleCron,
      timeZone: settings.timeZone,
      enabled: settings.sendSchedule,
    });
  }

  /**
   * What lambda/config.ts refuses to start without in AWS mode. AWS_REGION is also
   * required, but Lambda sets it itself and CDK refuses to set it.
   */
  private awsMode(): Record<string, string> {
    const { settings } = this;
    return {
      BRAID_MODE: 'aws',
      BRAID_SUBSCRIBERS_TABLE: this.subscribers.tableName,
      BRAID_LEDGER_TABLE: this.ledger.tableName,
      BRAID_EDITIONS_TABLE: this.editions.tableName,
      BRAID_ARCHIVE_BUCKET: this.archive.bucketName,
      BRAID_QUEUE_URL: this.deliverQueue.queueUrl,
      BRAID_FROM: settings.from,
      // Every link in every email is built from this: see BraidSettings.publicUrl.
      BRAID_PUBLIC_URL: settings.publicUrl,
      BRAID_POSTAL_ADDRESS: settings.postalAddress,
    };
  }

  /** What compose (which plans the send) and deliver (which paces it) share. */
  private sending(): Record<string, string> {
    const { settings } = this;
    return {
      ...this.awsMode(),
      // Editions are dated in the zone the schedule fires in.
      BRAID_TIME_ZONE: settings.timeZone,
      BRAID_SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
      // The total rate; each deliver instance keeps to its share of it.
      BRAID_SEND_RATE: String(settings.sendRate),
      BRAID_DELIVER_CONCURRENCY: String(settings.deliverConcurrency),
    };
  }

  /** Only the functions that sign or verify links name the keyring, and only they read it. */
  private linkKeys(fn: BraidFunction): Record<string, string> {
    this.tokenKeys.grantRead(fn.role);
    return { BRAID_TOKEN_KEYS_SECRET: this.tokenKeys.secretArn };
  }

  private composeFunction(): BraidFunction {
    const compose = braidFunction(this, 'Compose', {
      description: 'Braid: compose the daily edition and queue it for the deliver function',
      handlerFile: 'compose.ts',
      timeout: COMPOSE_TIMEOUT,
      memorySize: 1024,
      dataFolders: ['content', 'templates'],
      environment: {
        ...this.sending(),
        BRAID_CONTENT_DIR: `${TASK_ROOT}/content`,
        BRAID_TEMPLATES_DIR: `${TASK_ROOT}/templates`,
      },
    });
    // Pages confirmed subscribers (pageByStatus: both status indexes, the older one only to
    // tell a store not yet migrated; never an item by id), claims the edition and its story
    // markers, queues batches, writes web copies. It never touches the ledger (deliver sends)
    // and cannot send email.
    allowTable(compose, this.subscribers, { queries: [STATUS_SHARD_INDEX, STATUS_INDEX] });
    // Editions: get, storyHolder (GetItem); claim, claimStory, claimStorySet (a conditional
    // PutItem, then GetItem of the holder); saveProgress (UpdateItem). Nothing is deleted.
    allowTable(compose, this.editions, {
      items: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    });
    this.deliverQueue.grantSendMessages(compose.role);
    compose.allow(['s3:PutObject'], [this.archive.arnForObjects('editions/*')]);
    this.acknowledgeWebCopies(compose);
    acknowledge(compose.fn, 'AwsSolutions-L1', RUNTIME_REASON);
    return compose;
  }

  private deliverFunction(): BraidFunction {
    const { settings } = this;
    const ratePerInstance = settings.sendRate / settings.deliverConcurrency;
    const environment = this.sending();
    const deliver = braidFunction(this, 'Deliver', {
      description: 'Braid: send one queued batch of an edition through SES, paced, exactly once',
      handlerFile: 'deliver.ts',
      timeout: DELIVER_TIMEOUT,
      memorySize: deliverMemory(ratePerInstance),
      // The send rate is divided by this number, so it must be the real ceiling.
      extra: { reservedConcurrentExecutions: settings.deliverConcurrency },
      environment,
    });
    // Every edition carries the recipient's own signed unsubscribe link.
    for (const [name, value] of Object.entries(this.linkKeys(deliver))) {
      deliver.fn.addEnvironment(name, value);
    }
    deliver.fn.addEventSource(
      new SqsEventSource(this.deliverQueue, {
        batchSize: deliverBatchSize(ratePerInstance),
        reportBatchItemFailures: true,
        // Without a cap, SQS polls faster than the reserved concurrency lets the function
        // run; the throttled batches go back to the queue and count as receives.
        maxConcurrency: settings.deliverConcurrency,
      }),
    );
    if (ratePerInstance > MAX_RATE_PER_INSTANCE) {
      deliver.fn.node.addValidation({
        validate: () => [
          `sendRate ÷ deliverConcurrency is ${ratePerInstance}/s per instance, more than one vCPU keeps (${MAX_RATE_PER_INSTANCE}/s): raise CDK context "deliverConcurrency".`,
        ],
      });
    }
    // A batch's subscribers at once (getMany); the edition by id (get).
    allowTable(deliver, this.subscribers, { items: ['dynamodb:BatchGetItem'] });
    allowTable(deliver, this.editions, { items: ['dynamodb:GetItem'] });
    // Ledger: getMany (BatchGetItem); claim and markSkipped (PutItem); markFailed and
    // markUnknown (UpdateItem); claim and the marks reread after a failed condition (GetItem);
    // release gives a claim back (DeleteItem); the sent recorder's recordSent (BatchWriteItem).
    // No Query: listing an edition's entries is the CLI's (status, retry).
    allowTable(deliver, this.ledger, {
      items: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
      ],
    });
    this.sendingIdentity.allowSending(deliver, this.configurationSet);
    // The quota a bulk sender paces itself to.
    deliver.allow(['ses:GetSendQuota'], ['*']);
    acknowledge(
      deliver.role,
      'AwsSolutions-IAM5[Resource::*]',
      'ses:GetSendQuota has no resource type: IAM accepts only "*" for it. It reads the ' +
        "account's send quota and changes nothing.",
    );
    // When the daily quota is spent, deliver pushes the batches it cannot send back with
    // ChangeMessageVisibility until the quota resets (granted with the event source too;
    // restated so the handler keeps it if the event source ever changes).
    deliver.allow(['sqs:ChangeMessageVisibility'], [this.deliverQueue.queueArn]);
    this.alarms.onFunction('Deliver', deliver.fn);
    acknowledge(deliver.fn, 'AwsSolutions-L1', RUNTIME_REASON);
    return deliver;
  }

  private feedbackFunction(): BraidFunction {
    const feedback = braidFunction(this, 'Feedback', {
      description: 'Braid: apply SES events: settle the ledger, suppress bounces and complaints',
      handlerFile: 'feedback.ts',
      timeout: FEEDBACK_TIMEOUT,
      memorySize: 256,
      environment: this.awsMode(),
      // No reserved concurrency and no batching: SNS invokes once per event, asynchronously,
      // and each is one or two single-item writes (about 2 × sendRate events a second).
      // An event that still fails after Lambda's two retries lands here, not nowhere.
      extra: { deadLetterQueue: this.feedbackDeadLetters },
    });
    // The subscription's DLQ catches what SNS cannot hand to Lambda at all.
    this.feedbackTopic.addSubscription(
      new subscriptions.LambdaSubscription(feedback.fn, {
        deadLetterQueue: this.feedbackDeadLetters,
      }),
    );
    this.alarms.onDeadLetters(
      'FeedbackDeadLettersAlarm',
      this.feedbackDeadLetters,
      'an SES event was not applied: after a bounce or complaint that subscriber may still be ' +
        'mailed; after a send or delivery the ledger still says sending. Read the feedback ' +
        'logs and replay the message.',
    );
    // Bounces and complaints: setStatus and countSoftBounce update the subscriber in place
    // (UpdateItem, rereading it after a failed condition), get says why nothing changed
    // (GetItem). Never a put or a delete.
    allowTable(feedback, this.subscribers, {
      items: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    });
    // Sends and deliveries settle the recipient's ledger item: read it, update it in place.
    // Never a put or a delete: the item is deliver's, feedback only moves its status on.
    allowTable(feedback, this.ledger, { items: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] });
    acknowledge(feedback.fn, 'AwsSolutions-L1', RUNTIME_REASON);
    return feedback;
  }

  private apiFunction(): BraidFunction {
    const api = braidFunction(this, 'Api', {
      description: 'Braid: the public pages (signup, confirm, unsubscribe, archive)',
      handlerFile: 'api.ts',
      timeout: API_TIMEOUT,
      memorySize: 512,
      // It reads templates/compiled/*.hbs (signup emails) and templates/pages/ at run time.
      dataFolders: ['templates'],
      environment: {
        ...this.awsMode(),
        // Confirm emails go through the configuration set, so their bounces reach feedback.
        BRAID_SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
        BRAID_TEMPLATES_DIR: `${TASK_ROOT}/templates`,
      },
    });
    for (const [name, value] of Object.entries(this.linkKeys(api))) {
      api.fn.addEnvironment(name, value);
    }
    // Signup, confirm, unsubscribe and resubscribe read a subscriber (get) and put it back
    // under its version (replace: a conditional PutItem, rereading after a failed condition).
    // Nothing deletes a subscriber here: erasure is the CLI's. The archive lists editions
    // through the byDate index (listArchive) and reads their web copies from S3, never an
    // edition item. No ledger, no queue, no quota.
    allowTable(api, this.subscribers, { items: ['dynamodb:GetItem', 'dynamodb:PutItem'] });
    allowTable(api, this.editions, { queries: [DATE_INDEX] });
    api.allow(['s3:GetObject'], [this.archive.arnForObjects('editions/*')]);
    // Without ListBucket, S3 answers a missing web copy with AccessDenied instead of
    // NoSuchKey, and an unknown edition would be a 500 instead of a 404.
    api.allow(['s3:ListBucket'], [this.archive.bucketArn], {
      StringLike: { 's3:prefix': ['editions/*'] },
    });
    this.acknowledgeWebCopies(api);
    this.sendingIdentity.allowSending(api, this.configurationSet);
    acknowledge(api.fn, 'AwsSolutions-L1', RUNTIME_REASON);
    return api;
  }

  private acknowledgeWebCopies(fn: BraidFunction): void {
    acknowledge(
      fn.role,
      `AwsSolutions-IAM5[Resource::${arnInFinding(this.archive)}/editions/*]`,
      WEB_COPIES_REASON,
    );
  }
}
