export { isEmailAddress } from './email-address.ts';
export type { Consent, Subscriber, SubscriberStatus } from './subscriber.ts';
export { InvalidEmailError, normalizeEmail, subscriberIdFor } from './subscriber-id.ts';
export type { TokenClaims, TokenPurpose } from './tokens.ts';
export { InvalidTokenError, signToken, verifyToken } from './tokens.ts';
