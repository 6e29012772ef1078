import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { BraidFunction } from './braid-function.ts';

/**
 * The DynamoDB calls the Lambda adapters make (lambda/adapters/dynamo-*.ts). Scan is left out:
 * only the CLI's one-off migrations scan. No transactions, so no ConditionCheckItem.
 */
export const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
export const WRITE = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * Lets a function make `actions` on a table and on the indexes it queries, each named: not
 * `index/*`, so a new index is not readable until a function is given it.
 */
export function allowTable(
  fn: BraidFunction,
  table: dynamodb.Table,
  actions: readonly string[],
  indexes: readonly string[] = [],
): void {
  fn.allow(
    [...actions],
    [table.tableArn, ...indexes.map((name) => `${table.tableArn}/index/${name}`)],
  );
}
