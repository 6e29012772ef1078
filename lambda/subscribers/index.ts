export { type ConfirmOutcome, confirm } from './confirm.ts';
export { CONSENT_VERSION, clientHash, consentText } from './consent.ts';
export { isEmailAddress } from './email-address.ts';
export {
  applyFeedback,
  type FeedbackDeps,
  type FeedbackEvent,
  type FeedbackSummary,
  type ParsedFeedback,
  parseFeedback,
  type SentEvent,
} from './feedback.ts';
export {
  generateKey,
  type Keyring,
  KeyringError,
  newKeyring,
  parseKeyring,
  retireKey,
  rotateKeyring,
  serializeKeyring,
} from './keyring.ts';
export { type LifecycleEvent, nextStatus } from './lifecycle.ts';
export {
  archiveUrl,
  CONFIRM_LINK_HOURS,
  confirmUrl,
  PATHS,
  signupUrl,
  unsubscribeUrl,
} from './links.ts';
export { type NewSubscriberInput, newSubscriber } from './new-subscriber.ts';
export type { FeedbackGuard, Page, SentSettlement, SubscriberStore } from './ports.ts';
export {
  checkSignup,
  SIGNUP_EMAILS_PER_DAY,
  type SignupField,
  SignupInputError,
  type SignupOutcome,
  type SignupRequest,
  signup,
} from './signup.ts';
export type {
  Consent,
  ConsentSource,
  PendingSignup,
  Subscriber,
  SubscriberStatus,
} from './subscriber.ts';
export { SUBSCRIBER_STATUSES } from './subscriber.ts';
export { InvalidEmailError, normalizeEmail, subscriberIdFor } from './subscriber-id.ts';
export { checkedName, InvalidNameError, NAME_MAX } from './subscriber-name.ts';
export { ConcurrentUpdateError, type SubscriptionDeps } from './subscription-deps.ts';
export { createSubscriptionMail, type SubscriptionMail } from './subscription-mail.ts';
export type { InvalidTokenReason, TokenClaims, TokenPurpose } from './tokens.ts';
export { InvalidTokenError, signToken, verifyToken } from './tokens.ts';
export {
  type ResubscribeOutcome,
  resubscribe,
  type UnsubscribeMethod,
  type UnsubscribeOutcome,
  unsubscribe,
  unsubscribeById,
} from './unsubscribe.ts';
