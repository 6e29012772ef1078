import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { BraidFunction } from './braid-function.ts';

/**
 * The SES events feedback acts on: sends and deliveries settle the ledger; bounces and
 * complaints suppress subscribers; rejects (SES found a virus, or refused the message) are
 * logged by feedback as needing no action, so a run of them is visible in its logs.
 */
export const FEEDBACK_EVENTS = [
  ses.EmailSendingEvent.SEND,
  ses.EmailSendingEvent.DELIVERY,
  ses.EmailSendingEvent.BOUNCE,
  ses.EmailSendingEvent.COMPLAINT,
  ses.EmailSendingEvent.REJECT,
];

export interface SesFeedback {
  configurationSet: ses.ConfigurationSet;
  /** Where SES publishes the events; feedback is its one subscriber. */
  topic: sns.Topic;
}

/**
 * The configuration set every email goes through, with reputation metrics (bounce and
 * complaint rates in CloudWatch), publishing FEEDBACK_EVENTS to an SNS topic. Created in the
 * stack's scope under the ids it has always had.
 */
export function createSesFeedback(scope: Construct): SesFeedback {
  const configurationSet = new ses.ConfigurationSet(scope, 'ConfigurationSet', {
    reputationMetrics: true,
  });
  // Not encrypted at rest, on purpose: SES publishes to an encrypted topic only when the KMS
  // key's policy lets ses.amazonaws.com use it, and the AWS-managed aws/sns key's policy
  // cannot be changed: with it SES would drop every bounce and complaint. Messages hold the
  // recipient address and SES's diagnostic, are in SNS for seconds, and travel over TLS.
  const topic = new sns.Topic(scope, 'SesFeedback', {
    displayName: 'Braid: SES sending events',
    enforceSSL: true,
  });
  // Also adds the topic policy that lets this configuration set publish. The id predates
  // sends, deliveries and rejects and is kept, so the destination is updated in place.
  configurationSet.addEventDestination('BouncesAndComplaints', {
    destination: ses.EventDestination.snsTopic(topic),
    events: FEEDBACK_EVENTS,
  });
  return { configurationSet, topic };
}

export interface SendingIdentityProps {
  domain: string;
  /** The MAIL FROM subdomain's first label, e.g. `bounce`. */
  mailFromSubdomain: string;
  configurationSet: ses.ConfigurationSet;
}

/**
 * DMARC's minimum for bulk senders (Gmail, Yahoo): a published policy, monitoring first
 * (`p=none`), relaxed alignment (the MAIL FROM is a subdomain). Add `rua=mailto:…` for
 * aggregate reports to a mailbox you read.
 */
export const DMARC_RECORD = 'v=DMARC1; p=none; adkim=r; aspf=r';

/**
 * The domain as an SES identity: Easy DKIM with 2048-bit keys, and a custom MAIL FROM domain,
 * so SPF and DKIM both align with the From domain, as Gmail's and Yahoo's bulk-sender rules
 * ask. Prints every DNS record the domain needs as outputs.
 */
export class SendingIdentity extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly mailFromDomain: string;

  constructor(scope: Construct, id: string, props: SendingIdentityProps) {
    super(scope, id);
    this.mailFromDomain = `${props.mailFromSubdomain}.${props.domain}`;
    this.identity = new ses.EmailIdentity(this, 'Domain', {
      identity: ses.Identity.domain(props.domain),
      dkimSigning: true,
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
      mailFromDomain: this.mailFromDomain,
      // Until the MAIL FROM MX record resolves SES uses its own domain: mail still goes out,
      // DKIM-aligned, rather than being refused.
      mailFromBehaviorOnMxFailure: ses.MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
      configurationSet: props.configurationSet,
    });
    this.outputs(props.domain);
  }

  /** SendRawEmail through this identity and the configuration set, and nothing else. */
  allowSending(fn: BraidFunction, configurationSet: ses.ConfigurationSet): void {
    const stack = Stack.of(this);
    fn.allow(
      ['ses:SendRawEmail'],
      [
        this.identity.emailIdentityArn,
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: configurationSet.configurationSetName,
        }),
      ],
    );
  }

  /** In the stack's scope, so each output keeps a plain name (DkimRecord1, DmarcRecord…). */
  private outputs(domain: string): void {
    const stack = Stack.of(this);
    this.identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(stack, `DkimRecord${i + 1}`, {
        description: `DNS: DKIM CNAME ${i + 1} of 3 (name, then value)`,
        value: Fn.join(' CNAME ', [record.name, record.value]),
      });
    });
    new CfnOutput(stack, 'MailFromMx', {
      description: 'DNS: MX record of the MAIL FROM domain (bounces return there)',
      value: Fn.join('', [
        `${this.mailFromDomain} MX 10 feedback-smtp.`,
        stack.region,
        '.amazonses.com',
      ]),
    });
    new CfnOutput(stack, 'MailFromSpf', {
      description: 'DNS: SPF TXT record of the MAIL FROM domain',
      value: `${this.mailFromDomain} TXT "v=spf1 include:amazonses.com ~all"`,
    });
    new CfnOutput(stack, 'DmarcRecord', {
      description: 'DNS: DMARC TXT record of the From domain (p=none to start; tighten later)',
      value: `_dmarc.${domain} TXT "${DMARC_RECORD}"`,
    });
  }
}
