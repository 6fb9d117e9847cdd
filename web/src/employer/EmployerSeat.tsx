import type { Claims } from '../api';
export function EmployerSeat({ claims }: { claims: Claims }) {
  return <div>{claims.sub}</div>;
}
