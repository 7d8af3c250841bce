/**
 * The recipe line's words for the ensemble a forecast came from: the median of the members that were trained, and,
 * when fewer than asked for, why (the run was stopped, or members diverged and were left out).
 */
export function ensembleText(ensemble: { members: number; used: number }, stopped: boolean): string {
  const { members, used } = ensemble;
  const what = used === 1 ? 'one network' : `median of ${used} networks`;
  if (used >= members) return what;
  if (stopped) return `${what} trained before the stop (${members} asked for)`;
  const lost = members - used;
  return `${what} (${lost} of the ${members} diverged and ${lost === 1 ? 'was' : 'were'} left out)`;
}
