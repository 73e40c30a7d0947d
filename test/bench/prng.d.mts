/** mulberry32: a small seeded PRNG (prng.mjs, shared by the benches and the tests). */
export function prng(seed: number): () => number;
