import { z } from 'zod';

/*
 * The one place IPv4 CIDRs are parsed: every setting and prop that takes a
 * CIDR uses `cidrSchema`, and the network policies compare ranges with
 * `cidrContains`, so "10.0.0.0/33" or "300.1.1.1/24" is refused the
 * same way everywhere (a NetworkPolicy ipBlock with either is rejected by the
 * API server).
 */

/** An IPv4 CIDR as numbers. */
export interface Cidr {
  /** The four octets, each 0..255. */
  readonly octets: readonly [number, number, number, number];
  /** Prefix length, 0..32. */
  readonly mask: number;
}

const CIDR_SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses an IPv4 CIDR such as `10.0.0.0/8`; a string saying what is wrong when it is not one. */
export function parseCidr(text: string): Cidr | string {
  const match = CIDR_SHAPE.exec(text);
  if (!match) return `"${text}" is not an IPv4 CIDR such as 10.0.0.0/8`;
  const octets = match.slice(1, 5).map(Number) as [number, number, number, number];
  const mask = Number(match[5]);
  const badOctet = octets.find((o) => o > 255);
  if (badOctet !== undefined) return `"${text}" has the octet ${badOctet}, above 255`;
  if (mask > 32) return `"${text}" has the prefix length /${mask}, above /32`;
  return { octets, mask };
}

/** A valid IPv4 CIDR (octets 0..255, prefix length 0..32). */
export const cidrSchema = z.string().superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (typeof parsed === 'string')
    ctx.addIssue({
      code: 'custom',
      message: parsed,
      params: { hint: 'write four octets of 0 to 255 and a prefix length of 0 to 32, e.g. 10.1.0.0/16' },
    });
});

/**
 * Ranges by CIDR text. The network policy check compares the same few
 * CIDRs over and over: parsing them each time was 0.5 s of a 33 s cold
 * synth of 10,000 sites (`--jobs 1`, CPU profile). A fleet has a bounded
 * number of distinct CIDRs, so the memo stays small.
 */
const ranges = new Map<string, readonly [number, number] | undefined>();

/** First and last address (as 32-bit numbers) of a CIDR, or undefined when it is none. */
function ipv4Range(cidr: string): readonly [number, number] | undefined {
  if (ranges.has(cidr)) return ranges.get(cidr);
  const parsed = parseCidr(cidr);
  let range: readonly [number, number] | undefined;
  if (typeof parsed !== 'string') {
    const start = parsed.octets.reduce((n, octet) => n * 256 + octet, 0);
    const size = 2 ** (32 - parsed.mask);
    range = [start - (start % size), start - (start % size) + size - 1];
  }
  ranges.set(cidr, range);
  return range;
}

/** True when CIDR `inner` lies inside CIDR `outer`; false when either is no CIDR (e.g. one a render hook wrote). */
export function cidrContains(outer: string, inner: string): boolean {
  const o = ipv4Range(outer);
  const i = ipv4Range(inner);
  return o !== undefined && i !== undefined && o[0] <= i[0] && i[1] <= o[1];
}

/** CIDRs without those another one of the list already covers. */
export function withoutCovered(cidrs: readonly string[]): string[] {
  const unique = [...new Set(cidrs)];
  return unique.filter((c) => !unique.some((o) => o !== c && cidrContains(o, c)));
}

/** Number of addresses the CIDRs cover together (overlaps counted once, as CIDRs either nest or are disjoint); a non-CIDR counts none. */
export function addressCount(cidrs: readonly string[]): number {
  return withoutCovered(cidrs).reduce((n, c) => {
    const parsed = parseCidr(c);
    return typeof parsed === 'string' ? n : n + 2 ** (32 - parsed.mask);
  }, 0);
}

/** Most CIDRs a list of them may have (NetworkPolicy ipBlocks stay small, and no list can make a synth slow). */
export const MAX_CIDRS = 256;
/** A list of CIDRs, at most MAX_CIDRS. */
export const cidrList = z.array(cidrSchema).max(MAX_CIDRS);
