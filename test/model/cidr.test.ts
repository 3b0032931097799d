import { cidrContains, parseCidr } from '../../lib/model/cidr';

describe('parseCidr', () => {
  test.each([
    ['10.0.0.0/8', { octets: [10, 0, 0, 0], mask: 8 }],
    ['0.0.0.0/0', { octets: [0, 0, 0, 0], mask: 0 }],
    ['255.255.255.255/32', { octets: [255, 255, 255, 255], mask: 32 }],
  ])('%s parses', (text, parsed) => expect(parseCidr(text)).toEqual(parsed));

  test.each([
    ['10.0.0.0/33', /prefix length \/33, above \/32/],
    ['10.0.256.0/24', /octet 256, above 255/],
    ['10.0.0.0', /not an IPv4 CIDR/],
    ['10.0.0/24', /not an IPv4 CIDR/],
    ['fd00::/8', /not an IPv4 CIDR/],
  ])('%s is refused', (text, message) => expect(parseCidr(text)).toMatch(message));

  test('cidrContains compares ranges, and no range contains or lies in a non-CIDR', () => {
    expect(cidrContains('10.0.0.0/8', '10.1.2.0/24')).toBe(true);
    expect(cidrContains('10.1.2.0/24', '10.0.0.0/8')).toBe(false);
    expect(cidrContains('10.0.0.0/8', '10.0.0.0/33')).toBe(false);
  });
});
