import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoOptions {
  region: string;
  /** The embedded engine's URL locally; undefined in AWS. */
  endpoint: string | undefined;
}

/** DynamoDB answers in milliseconds; a call still open after this is hung. */
const REQUEST_TIMEOUT_MS = 5_000;
const CONNECTION_TIMEOUT_MS = 2_000;

export function dynamoClientConfig(options: DynamoOptions): DynamoDBClientConfig {
  return {
    region: options.region,
    // A hung call is an error the SDK retries, not an invocation held until Lambda kills it.
    requestHandler: {
      requestTimeout: REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      connectionTimeout: CONNECTION_TIMEOUT_MS,
    },
    ...(options.endpoint === undefined
      ? {}
      : {
          endpoint: options.endpoint,
          // dynalite checks the signature's shape, not the keys: any will do locally.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          maxAttempts: 2,
        }),
  };
}

export function createDocumentClient(options: DynamoOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient(dynamoClientConfig(options));
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
