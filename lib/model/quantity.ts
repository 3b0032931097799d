import { z } from 'zod';

/*
 * CPU and memory are written as Kubernetes quantities by users and kept as
 * integers (millicores, MiB) internally so capacity sums are exact.
 */

const CPU_PATTERN = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY_PATTERN = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T)?$/;
const MEMORY_UNIT_BYTES: Record<string, number> = {
  '': 1,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/** Parses a CPU quantity (`500m`, `0.5`, `2`) into millicores. */
export function parseCpuMillis(quantity: string): number | undefined {
  const match = CPU_PATTERN.exec(quantity);
  if (!match) return undefined;
  const value = Number(match[1]);
  return Math.round(match[2] === 'm' ? value : value * 1000);
}

/** Parses a memory quantity (`512Mi`, `4Gi`, `1G`) into MiB. */
export function parseMemoryMiB(quantity: string): number | undefined {
  const match = MEMORY_PATTERN.exec(quantity);
  if (!match) return undefined;
  return Math.round((Number(match[1]) * MEMORY_UNIT_BYTES[match[2] ?? '']) / 1024 ** 2);
}

/** Formats millicores as a canonical Kubernetes quantity. */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Formats MiB as a canonical Kubernetes quantity. */
export function formatMemory(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

/** Formats MiB for humans, e.g. in capacity errors (`2.4 GiB`). */
export function describeMemory(mib: number): string {
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${mib} MiB`;
}

/** Largest CPU quantity taken (1,024 cores): beyond any edge node, and sums of it stay exact. */
export const MAX_CPU_MILLIS = 1024 * 1000;
/** Largest memory quantity taken (64 TiB), likewise. */
export const MAX_MEMORY_MIB = 64 * 1024 * 1024;

function positiveQuantity(parse: (q: string) => number | undefined, example: string, max: number, maxText: string) {
  return z.string().superRefine((value, ctx) => {
    const parsed = parse(value);
    if (parsed === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is not a quantity (e.g. ${example})`,
        params: { hint: `write a number with an optional unit, e.g. ${example}` },
      });
    } else if (parsed <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" must be greater than zero`,
        params: { hint: `use a positive quantity, e.g. ${example}` },
      });
    } else if (parsed > max) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value}" is above ${maxText}`,
        params: { hint: 'check the unit (m for millicores; Mi or Gi for memory)' },
      });
    }
  });
}

/** A CPU quantity greater than zero and at most MAX_CPU_MILLIS. */
export const cpuQuantity = positiveQuantity(parseCpuMillis, '"500m" or "2"', MAX_CPU_MILLIS, '1024 cores');
/** A memory quantity greater than zero and at most MAX_MEMORY_MIB. */
export const memoryQuantity = positiveQuantity(parseMemoryMiB, '"512Mi" or "4Gi"', MAX_MEMORY_MIB, '64Ti');
