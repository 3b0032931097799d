import { formatCpu, formatMemory, parseCpuMillis, parseMemoryMiB } from '../../lib/model/quantity';

test.each([
  ['500m', 500],
  ['0.5', 500],
  ['2', 2000],
  ['1.5m', 2],
  ['abc', undefined],
])('cpu %s is %p millicores', (q, expected) => expect(parseCpuMillis(q)).toBe(expected));

test.each([
  ['512Mi', 512],
  ['4Gi', 4096],
  ['1G', 954],
  ['1048576', 1],
  ['4GB', undefined],
])('memory %s is %p MiB', (q, expected) => expect(parseMemoryMiB(q)).toBe(expected));

test('canonical formatting round-trips', () => {
  expect(formatCpu(1500)).toBe('1500m');
  expect(formatCpu(2000)).toBe('2');
  expect(formatMemory(1024)).toBe('1Gi');
  expect(formatMemory(600)).toBe('600Mi');
});
