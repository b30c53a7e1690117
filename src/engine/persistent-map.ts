/**
 * A persistent string-keyed map: `set` returns a new version and the old one stays readable,
 * yet each step costs O(1) while the newest version is the one used next — the way a visitor
 * walks a flow. Copying a plain object per answer instead made walking an N-step flow O(N²).
 *
 * All versions share one Map. The version that holds it is exact; every other version holds
 * the one change that turns its neighbour into it. Reading an older version (Back, a state kept
 * by a test) first moves the Map there, undoing the changes in between ("rerooting", as in
 * Conchon & Filliâtre's persistent arrays).
 */
export interface MapVersion<V> {
  node: { map: Map<string, V> } | Change<V>;
}

interface Change<V> {
  key: string;
  /** The value in this version; undefined when the key is absent here. */
  value: V | undefined;
  next: MapVersion<V>;
}

export const mapVersion = <V>(entries: Iterable<readonly [string, V]>): MapVersion<V> => ({ node: { map: new Map(entries) } });

const write = <V>(map: Map<string, V>, key: string, value: V | undefined) =>
  value === undefined ? map.delete(key) : map.set(key, value);

/** The shared Map, made to hold `version`'s entries. Iterative: a long Back must not overflow the stack. */
function reroot<V>(version: MapVersion<V>): Map<string, V> {
  const path: MapVersion<V>[] = [];
  let holder = version;
  while (!('map' in holder.node)) {
    path.push(holder);
    holder = holder.node.next;
  }
  const map = holder.node.map;
  // Walk back from the holder, applying each change and leaving behind the one that undoes it.
  for (let i = path.length - 1; i >= 0; i--) {
    const version = path[i]!;
    const { key, value } = version.node as Change<V>;
    holder.node = { key, value: map.get(key), next: version };
    write(map, key, value);
    version.node = { map };
    holder = version;
  }
  return map;
}

export const mapGet = <V>(version: MapVersion<V>, key: string): V | undefined => reroot(version).get(key);

/** A new version with `key` set to `value` (removed when undefined); `version` is unchanged. */
export function mapSet<V>(version: MapVersion<V>, key: string, value: V | undefined): MapVersion<V> {
  const map = reroot(version);
  const next: MapVersion<V> = { node: { map } };
  version.node = { key, value: map.get(key), next };
  write(map, key, value);
  return next;
}

/** The entries of `version`, in an order that carries no meaning (moving between versions reorders them). */
export const mapEntries = <V>(version: MapVersion<V>): Array<[string, V]> => [...reroot(version)];
