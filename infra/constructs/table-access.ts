import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { BraidFunction } from './braid-function.ts';

/**
 * The item calls the Lambda adapters make (lambda/adapters/dynamo-*.ts). Scan is not one:
 * only the CLI's one-off migrations scan. No transactions, so no ConditionCheckItem.
 */
export type ItemAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchWriteItem';

/** What one function may do with one table. */
export interface TableAccess {
  /**
   * The calls its code path makes on the table's items (the table's ARN), each named by
   * the stack beside the adapter methods that make it. A conditional write that rereads the
   * item after a failed condition (owned-write.ts) needs GetItem too.
   */
  items?: readonly ItemAction[];
  /** The indexes it queries, each named: Query on each, nothing else, and never `index/*`. */
  queries?: readonly string[];
}

/**
 * Lets a function make exactly `access` on a table: its item calls on the table, Query on
 * the indexes it names. A new index is not readable until a function is given it.
 */
export function allowTable(fn: BraidFunction, table: dynamodb.Table, access: TableAccess): void {
  const { items = [], queries = [] } = access;
  if (items.length > 0) fn.allow([...items], [table.tableArn]);
  if (queries.length > 0) {
    fn.allow(
      ['dynamodb:Query'],
      queries.map((name) => `${table.tableArn}/index/${name}`),
    );
  }
}
