import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type DataFolder, fromRoot, lambdaBundling, lockFile, repoRoot } from '../bundling.ts';

/** Where the bundled content/ and templates/ folders land inside the Lambda. */
export const TASK_ROOT = '/var/task';

/** How long every function's logs are kept. */
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/**
 * What every Braid function shares, spread once: Node 22 on Graviton, bundled from the
 * repository root with the local esbuild, source maps applied to stack traces.
 */
const SHARED = {
  handler: 'handler',
  projectRoot: repoRoot,
  depsLockFilePath: lockFile,
  runtime: lambda.Runtime.NODEJS_22_X,
  architecture: lambda.Architecture.ARM_64,
} as const satisfies NodejsFunctionProps;

export interface BraidFunctionProps {
  /** What it does, in the console. */
  description: string;
  /** The handler file under lambda/handlers/, e.g. `deliver.ts`. */
  handlerFile: string;
  timeout: Duration;
  memorySize: number;
  environment: Record<string, string>;
  /** Folders the handler reads from disk at run time, copied next to index.mjs. */
  dataFolders?: readonly DataFolder[];
  /** The rest of NodejsFunction's props a function needs (reserved concurrency, DLQ). */
  extra?: Pick<NodejsFunctionProps, 'reservedConcurrentExecutions' | 'deadLetterQueue'>;
}

export interface BraidFunction {
  fn: NodejsFunction;
  logGroup: logs.LogGroup;
  role: iam.Role;
  /** Adds one statement to the function's own role. */
  allow(actions: string[], resources: string[], conditions?: Record<string, unknown>): void;
}

/**
 * One Braid function, created in `scope` as `<id>`, `<id>Logs` and `<id>Role`: its own log
 * group (kept a month) and its own role, which may write to that log group and nothing else
 * until the stack grants what the function uses. No AWS managed policy:
 * AWSLambdaBasicExecutionRole would let every function write to every log group.
 */
export function braidFunction(
  scope: Construct,
  id: string,
  props: BraidFunctionProps,
): BraidFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: LOG_RETENTION,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Braid: the ${id} function`,
  });
  logGroup.grantWrite(role);
  const fn = new NodejsFunction(scope, id, {
    ...SHARED,
    ...props.extra,
    description: props.description,
    entry: fromRoot(`lambda/handlers/${props.handlerFile}`),
    timeout: props.timeout,
    memorySize: props.memorySize,
    role,
    logGroup,
    bundling: lambdaBundling({ dataFolders: props.dataFolders ?? [] }),
    environment: {
      ...props.environment,
      // Source maps are only applied to stack traces when Node is told to.
      NODE_OPTIONS: '--enable-source-maps',
    },
  });
  const allow: BraidFunction['allow'] = (actions, resources, conditions) => {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions, resources, ...(conditions ? { conditions } : {}) }),
    );
  };
  return { fn, logGroup, role, allow };
}
