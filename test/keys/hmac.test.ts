import { createHmac, randomBytes } from 'node:crypto';
import { HmacSha256 } from '../../src/keys/hmac.js';

describe('HmacSha256', () => {
  // Lengths around SHA-256's block boundaries (55, 56 and 64 bytes with the padding), and UTF-8
  // of two, three and four bytes a character, lone surrogates included.
  const texts = [
    '',
    'a',
    'jane.doe@example.com',
    ...[40, 50, 53, 54, 55, 56, 60, 61, 62, 63, 64, 100, 110, 117, 118, 119, 120, 300].map((n) => 'x'.repeat(n)),
    'Łukasz 김민준 李伟 𝒜lpha',
    '\ud800 lone',
    '🙂'.repeat(40),
  ];

  it('is HMAC-SHA256 for keys of one block or less', () => {
    for (const size of [32, 48, 64]) {
      const key = randomBytes(size);
      const mac = new HmacSha256(key);
      for (const space of ['email', 'name', 'address', '']) {
        for (const text of texts) {
          const expected = createHmac('sha256', key).update(`${space}\u0000${text}`).digest();
          expect(mac.digest(space, text).equals(expected)).toBe(true);
          expect(mac.first64(space, text)).toBe(expected.readBigInt64BE(0));
          for (const chars of [1, 12, 16, 33, 64]) expect(mac.hex(space, text, chars)).toBe(expected.toString('hex').slice(0, chars));
        }
      }
    }
  });

  it('uses the first 64 bytes of a longer key, as vet always has, so that ledgers keep their hashes', () => {
    const key = randomBytes(100);
    const mac = new HmacSha256(key);
    for (const text of texts) {
      const expected = createHmac('sha256', key.subarray(0, 64)).update(`phone\u0000${text}`).digest();
      expect(mac.digest('phone', text).equals(expected)).toBe(true);
    }
  });
});
