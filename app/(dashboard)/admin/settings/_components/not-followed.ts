/**
 * Why a background run's progress can no longer be followed, from the jobs API's answer, or null
 * when asking again may work: signed out, no longer allowed, or the run gone would answer the same
 * for ever. The run itself goes on.
 */
export function notFollowed(status: number): string | null {
  if (status === 401 || status === 403) return "Not followed any more: sign in again as an admin to see it (it goes on meanwhile).";
  if (status === 404) return "Not followed any more: the run is no longer on record.";
  return null;
}
