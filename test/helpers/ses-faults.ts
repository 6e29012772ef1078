import { MessageRejected, SESServiceException } from '@aws-sdk/client-ses';

/** SES's answers as the SDK raises them, for fault injection with aws-sdk-client-mock. */
export const sesError = (name: string, message: string, status: number) =>
  new SESServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
export const throttling = () => sesError('Throttling', 'Maximum sending rate exceeded.', 400);
export const dailyQuota = () => sesError('Throttling', 'Daily message quota exceeded.', 400);
export const rejected = (message = 'Email address is not verified.') =>
  new MessageRejected({ message, $metadata: { httpStatusCode: 400 } });
/** No answer at all: SES may or may not have taken the message. */
export const timeout = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
/** GetSendQuota's answer for an account with room to spare. */
export const ROOMY_QUOTA = { MaxSendRate: 1000, Max24HourSend: 1e6, SentLast24Hours: 0 };
