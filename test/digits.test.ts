import { grouped } from '../src/digits.js';

describe('grouped', () => {
  it("writes integers as toLocaleString('en') does", () => {
    const values = [0, 7, -7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -98_765_432, Number.MAX_SAFE_INTEGER, 1.5, -0.25, 1e21, NaN, Infinity];
    for (let n = 1; n < 1e16; n = n * 7 + 3) values.push(n);
    for (const n of values) expect(grouped(n)).toBe(n.toLocaleString('en'));
  });
});
