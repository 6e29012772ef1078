/**
 * The conditional-write helpers under their short names (owned-write.ts has them whole):
 * `conditionally` resolves false instead of throwing when the condition failed; `ownedWrite`
 * also recognises its own earlier attempt that the SDK retried.
 */
export { ownedWrite, writeUnlessConditionFails as conditionally } from './owned-write.ts';
