import type { Claims } from '../api';
export function IssuerSeat({ claims }: { claims: Claims }) {
  return <div>{claims.sub}</div>;
}
