import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** SES pauses an account at 10 % bounces; Braid wants to hear at half that (STANDARDS). */
export const BOUNCE_RATE_THRESHOLD = 0.05;
/** Gmail wants complaints under 0.1 % and never 0.3 %; SES pauses at 0.5 %. */
export const COMPLAINT_RATE_THRESHOLD = 0.001;

export interface AlarmsProps {
  /** Who hears: an email subscription, confirmed from the first message SNS sends. */
  email: string;
}

/**
 * The alarm topic and every alarm on it: alarm and OK both notify, so whoever is told of a
 * problem is told when it is over. Missing data never alarms: idle queues and functions stop
 * reporting metrics.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    // Alarm messages carry names and numbers, no personal data: SNS's default encryption
    // (none) would do, but publishers must use TLS.
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Braid alarms',
      enforceSSL: true,
    });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    this.action = new SnsAction(this.topic);
    new CfnOutput(Stack.of(this), 'AlarmTopicArn', {
      description: 'Braid: the alarm topic; subscribe more people or a pager to it',
      value: this.topic.topicArn,
    });
  }

  /** Raises an alarm on `metric` at or above (or, for rates, above) `threshold`. */
  add(
    id: string,
    description: string,
    metric: cloudwatch.IMetric,
    threshold: number,
    comparisonOperator = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  ) {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: `Braid: ${description}`,
      metric,
      threshold,
      comparisonOperator,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }

  /** As soon as a dead-letter queue holds anything: each message is work not done. */
  onDeadLetters(id: string, queue: sqs.IQueue, description: string): cloudwatch.Alarm {
    const metric = queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(1),
      statistic: cloudwatch.Stats.MAXIMUM,
    });
    return this.add(id, description, metric, 1);
  }

  /** Any error, or any throttle, of a function in five minutes. */
  onFunction(id: string, fn: lambda.IFunction): cloudwatch.Alarm[] {
    const period = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    return [
      this.add(
        `${id}Errors`,
        `the ${id} function failed (an invocation threw or timed out); read its logs.`,
        fn.metricErrors(period),
        1,
      ),
      this.add(
        `${id}Throttles`,
        `the ${id} function was throttled: its batches go back to the queue and count ` +
          'receives towards the dead-letter queue. Check reserved and account concurrency.',
        fn.metricThrottles(period),
        1,
      ),
    ];
  }

  /**
   * SES's account reputation (AWS/SES Reputation.BounceRate and ComplaintRate, fractions):
   * the rates SES itself pauses accounts on.
   */
  onReputation(): cloudwatch.Alarm[] {
    const rate = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        period: Duration.hours(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      });
    return [
      this.add(
        'BounceRate',
        `the SES bounce rate is over ${BOUNCE_RATE_THRESHOLD * 100} % (SES pauses at 10 %). ` +
          'Check the list for bought or stale addresses; feedback suppresses hard bounces.',
        rate('Reputation.BounceRate'),
        BOUNCE_RATE_THRESHOLD,
        cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ),
      this.add(
        'ComplaintRate',
        `the SES complaint rate is over ${COMPLAINT_RATE_THRESHOLD * 100} % (Gmail's limit; ` +
          'SES pauses at 0.5 %). Check consent and the unsubscribe link; stop sending if it climbs.',
        rate('Reputation.ComplaintRate'),
        COMPLAINT_RATE_THRESHOLD,
        cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ),
    ];
  }

  /** Counts `{"message": <message>}` lines of a log group and alarms on the first. */
  onLogLine(id: string, logGroup: logs.ILogGroup, message: string, description: string) {
    const filter = new logs.MetricFilter(this, `${id}Filter`, {
      logGroup,
      filterPattern: logs.FilterPattern.stringValue('$.message', '=', message),
      metricNamespace: 'Braid',
      metricName: id,
      metricValue: '1',
    });
    const metric = filter.metric({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM });
    return this.add(`${id}Alarm`, description, metric, 1);
  }
}
