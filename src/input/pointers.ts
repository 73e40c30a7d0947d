// JSON pointers joined once and kept: every row of an export asks for the same few hundred
// ("/emails/0", "/location/country"), and a newly joined string used as a Map key (an origin, an
// identifier's path) is flattened and hashed each time. Bounded in count and in length, since
// keys may come from the input (an address object's own fields).
const JOINED = new Map<string, Map<string | number, string>>();
const JOINED_KEPT = 10_000;
const JOINED_LONGEST = 100;
let kept = 0;

/** `${prefix}/${key}`, the same string each time while the cache has room. */
export function joinPointer(prefix: string, key: string | number): string {
  let byKey = JOINED.get(prefix);
  let joined = byKey?.get(key);
  if (joined !== undefined) return joined;
  joined = `${prefix}/${key}`;
  if (kept >= JOINED_KEPT || joined.length > JOINED_LONGEST) return joined;
  if (byKey === undefined) JOINED.set(prefix, (byKey = new Map<string | number, string>()));
  byKey.set(key, joined);
  kept++;
  return joined;
}
