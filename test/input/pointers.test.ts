import { joinPointer } from '../../src/input/pointers.js';

describe('joined pointers', () => {
  it('joins any prefix and key, past the cache bounds as before them', () => {
    const long = 'k'.repeat(500);
    for (let i = 0; i < 12_000; i++) expect(joinPointer('/extra', `field${i}`)).toBe(`/extra/field${i}`);
    expect(joinPointer('/address', long)).toBe(`/address/${long}`);
    expect(joinPointer('/address', long)).toBe(`/address/${long}`);
    expect(joinPointer('/emails', 0)).toBe('/emails/0');
    expect(joinPointer(joinPointer('/ipEvents', 3), 'ip')).toBe('/ipEvents/3/ip');
    expect(joinPointer('', '__proto__')).toBe('/__proto__');
    expect(joinPointer('/emails', '0')).toBe('/emails/0');
  });
});
