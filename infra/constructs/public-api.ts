import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOG_RETENTION } from './braid-function.ts';
import { acknowledge } from './nag.ts';

/**
 * One JSON object per request. The route key (`GET /confirm`), never the path or query
 * string: confirm and unsubscribe tokens travel in the query and stay out of the logs.
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationError: '$context.integrationErrorMessage',
});

export interface PublicApiProps {
  fn: lambda.IFunction;
  rateLimit: number;
  burstLimit: number;
}

/**
 * An HTTP API in front of the api function: every route goes to it (the app routes and
 * answers 404 itself), through one auto-deployed default stage, throttled and logged.
 */
export class PublicApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Braid: signup, confirm, unsubscribe and the archive',
      // The stage below replaces the L2's default one, which takes no throttling or logs.
      createDefaultStage: false,
    });
    const integration = new HttpLambdaIntegration('ApiIntegration', props.fn);
    const reason =
      'Public pages by design: signup, confirm, unsubscribe (RFC 8058 one-click POSTs come ' +
      'from mail providers, with no credentials) and the archive. Tokens are HMAC-signed by the ' +
      'app; the stage is throttled and the app rate-limits signups.';
    for (const [path, method] of [
      ['/', apigwv2.HttpMethod.GET],
      ['/{proxy+}', apigwv2.HttpMethod.ANY],
    ] as const) {
      for (const route of this.httpApi.addRoutes({ path, methods: [method], integration })) {
        acknowledge(route, 'AwsSolutions-APIG4', reason);
      }
    }
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // Over the limit, API Gateway answers 429 and the function is not invoked.
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    new CfnOutput(Stack.of(this), 'ApiUrl', {
      description: 'Braid: the HTTP API; use it (or a domain pointing at it) as publicUrl',
      value: this.stage.url,
    });
  }
}
