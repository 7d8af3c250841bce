/** The memory challenge's synthetic tasks (see challenge.ts). Pure data: the UI thread imports it without loading tfjs. */

/** The synthetic tasks. */
export const CHALLENGE_TASKS = ['copy', 'adding'] as const;
/** A synthetic memory task. */
export type ChallengeTask = (typeof CHALLENGE_TASKS)[number];
