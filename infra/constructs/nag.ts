import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on one construct (and what it contains), with the reason
 * written where the resource is made. `finding` is the rule id, with the finding in brackets
 * for rules that report several (`AwsSolutions-IAM5[Resource::*]`).
 */
export function acknowledge(scope: IConstruct, finding: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: finding, reason });
}

/** How cdk-nag names a resource's ARN in an IAM5 finding: `<LogicalId.Arn>`. */
export function arnInFinding(resource: IConstruct): string {
  const element = resource.node.defaultChild as CfnElement;
  return `<${Stack.of(resource).getLogicalId(element)}.Arn>`;
}
