import type { Claims } from '../api';
export function LearnerSeat({ claims }: { claims: Claims }) {
  return <div>{claims.sub}</div>;
}
