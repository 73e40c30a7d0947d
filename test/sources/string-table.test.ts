import { StringTable } from '../../src/sources/sanctions/string-table.js';

describe('StringTable', () => {
  // Sorted in JavaScript's string order, with words of one to four UTF-8 bytes a character.
  const words = ['', 'k:a', 'k:kim', 'k:müller', 'k:şahin', 'k:김', 'k:𝒜lpha'].sort();

  it('gives back, from its bytes, the strings it was packed from, in order and by search', () => {
    const { bytes, offsets } = StringTable.of(words).pack();
    const packed = StringTable.packed(bytes, offsets);
    expect(packed.length).toBe(words.length);
    words.forEach((w, i) => {
      expect(packed.at(i)).toBe(w);
      expect(packed.find(w)).toBe(i);
    });
    expect(packed.find('k:kimm')).toBe(-1);
    expect(packed.find('zz')).toBe(-1);
    expect([...StringTable.packed(bytes, offsets).all()]).toEqual(words);
  });

  it('refuses offsets that do not cover its bytes, and positions it does not have', () => {
    const { bytes, offsets } = StringTable.of(words).pack();
    expect(() => StringTable.packed(bytes.subarray(1), offsets)).toThrow('string table is damaged');
    expect(() => StringTable.packed(bytes, new Int32Array(0))).toThrow('string table is damaged');
    expect(() => StringTable.packed(bytes, offsets).at(words.length)).toThrow(RangeError);
  });
});
