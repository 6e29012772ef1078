// The briefing room's public surface: one pure function and the contract types.
export { buildBriefing } from './build-briefing.ts';
export type * from './types.ts';
