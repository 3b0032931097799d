/* IPv4 CIDR arithmetic on strings already checked by the settings' CIDR schema. */

function ipv4Range(cidr: string): [number, number] {
  const [address, bits] = cidr.split('/');
  const start = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  return [start - (start % size), start - (start % size) + size - 1];
}

/** True when CIDR `inner` lies inside CIDR `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const [os, oe] = ipv4Range(outer);
  const [is, ie] = ipv4Range(inner);
  return os <= is && ie <= oe;
}

/** CIDRs without those another one of the list already covers. */
export function withoutCovered(cidrs: readonly string[]): string[] {
  const unique = [...new Set(cidrs)];
  return unique.filter((c) => !unique.some((o) => o !== c && cidrContains(o, c)));
}

/** Number of addresses the CIDRs cover together (overlaps counted once, as CIDRs either nest or are disjoint). */
export function addressCount(cidrs: readonly string[]): number {
  return withoutCovered(cidrs).reduce((n, c) => n + 2 ** (32 - Number(c.split('/')[1])), 0);
}
