import { Duration, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { cronFields } from '../cron.ts';
import { acknowledge, arnInFinding } from './nag.ts';
import { deadLetterQueue } from './queues.ts';

/** Scheduler retries an invocation it could not deliver this many times, then parks it. */
export const SCHEDULE_RETRIES = 2;
/** A morning briefing that cannot start within two hours waits for a human, not lunchtime. */
export const SCHEDULE_MAX_AGE = Duration.hours(2);

export interface DailyScheduleProps {
  target: lambda.IFunction;
  /** The six cron fields, already validated (settings.ts). */
  cron: string;
  timeZone: string;
  enabled: boolean;
}

/** EventBridge Scheduler → compose, with the scheduled time as input, bounded retries, a DLQ. */
export class DailySchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: DailyScheduleProps) {
    super(scope, id);
    // Only invocations Scheduler could not deliver land here (the function itself runs
    // asynchronously, with Lambda's own retries).
    this.deadLetters = deadLetterQueue(this, 'DeadLetters');
    acknowledge(
      this.deadLetters,
      'AwsSolutions-SQS3',
      "This queue is the schedule's dead-letter queue (the target's DeadLetterConfig), which " +
        'cdk-nag cannot see; a dead-letter queue needs no dead-letter queue of its own.',
    );
    // Its own role, so what it may do is stated here: invoke compose, park in this queue.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Braid: the daily schedule invokes compose',
    });
    const target = new targets.LambdaInvoke(props.target, {
      role,
      // The handler dates the edition by the time the run was *scheduled*, not when a retry
      // happens to start; without this input it has nothing to do.
      input: scheduler.ScheduleTargetInput.fromObject({
        scheduledTime: scheduler.ContextAttribute.scheduledTime,
      }),
      retryAttempts: SCHEDULE_RETRIES,
      maxEventAge: SCHEDULE_MAX_AGE,
      deadLetterQueue: this.deadLetters,
    });
    acknowledge(
      role,
      `AwsSolutions-IAM5[Resource::${arnInFinding(props.target)}:*]`,
      "CDK's grantInvoke names the function and its versions (`<arn>:*`); the schedule " +
        'invokes the one function, and no other function matches.',
    );
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'Braid: compose and send the daily briefing',
      enabled: props.enabled,
      schedule: scheduler.ScheduleExpression.expression(
        `cron(${cronFields(props.cron).join(' ')})`,
        TimeZone.of(props.timeZone),
      ),
      target,
    });
  }
}
