/**
 * File names of archived journeys: readable slugs made from the journey names, unique within an
 * archive, and independent of the order the org lists the journeys in.
 *
 * @module
 */

/** Longest slug made from a name (before any id suffix). */
const SLUG_MAX = 60;
/** Hex digits of the record id in the suffix that tells journeys of one name apart. */
const SUFFIX_MIN = 8;

/** Names Windows keeps for devices: a file may not be called that, whatever its extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * The slug of one journey name: lower case ASCII letters and digits joined by dashes, accents
 * dropped, at most 60 characters; `journey` for a name with nothing left.
 *
 * @example
 * ```ts
 * slugify('Événement: invitation (v2)'); // 'evenement-invitation-v2'
 * slugify('イベント');                    // 'journey'
 * ```
 */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
  if (base === '') return 'journey';
  return RESERVED.test(base) ? `${base}-journey` : base;
}

/**
 * A journey to name: its record id and its name.
 *
 * @example
 * ```ts
 * const subject: SlugSubject = { id: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc', name: 'Welcome' };
 * ```
 */
export interface SlugSubject {
  readonly id: string;
  readonly name: string;
}

/**
 * A slug for every journey: the slug of its name when no other journey has the same one, else
 * the slug followed by the first 8 hex digits of the record id (more where 8 do not tell them
 * apart). Every journey of a shared name gets a suffix, so the result depends only on the set of
 * journeys, never on the order they come in.
 *
 * @returns slugs by record id
 * @example
 * ```ts
 * assignSlugs([
 *   { id: '6628bbf7-c52a-e911-a9b7-000d3a1e6adc', name: 'Welcome' },
 *   { id: '1922b1d8-0523-e911-a9ba-000d3a1e689f', name: 'Welcome' },
 *   { id: '51d2115b-544a-e911-a873-000d3a1fe344', name: 'Newsletter' },
 * ]);
 * // Map { '6628bbf7-…' => 'welcome-6628bbf7', '1922b1d8-…' => 'welcome-1922b1d8', '51d2115b-…' => 'newsletter' }
 * ```
 */
export function assignSlugs(journeys: readonly SlugSubject[]): Map<string, string> {
  const sorted = [...journeys].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const base = new Map(sorted.map((j) => [j.id, slugify(j.name)]));
  const uses = new Map<string, number>();
  for (const slug of base.values()) uses.set(slug, (uses.get(slug) ?? 0) + 1);
  const hex = (id: string): string => id.replace(/[^0-9a-f]/gi, '').toLowerCase();
  // Suffix length per journey: 0 for a name nobody shares.
  const suffix = new Map(sorted.map((j) => [j.id, (uses.get(base.get(j.id)!) ?? 0) > 1 ? SUFFIX_MIN : 0]));
  const slugOf = (id: string): string => {
    const n = suffix.get(id)!;
    return n === 0 ? base.get(id)! : `${base.get(id)!}-${hex(id).slice(0, n)}`;
  };
  for (;;) {
    const owners = new Map<string, string[]>();
    for (const j of sorted) {
      const slug = slugOf(j.id);
      const ids = owners.get(slug);
      if (ids === undefined) owners.set(slug, [j.id]);
      else ids.push(j.id);
    }
    const clashes = [...owners.values()].filter((ids) => ids.length > 1);
    if (clashes.length === 0) return new Map(sorted.map((j) => [j.id, slugOf(j.id)]));
    let grew = false;
    for (const ids of clashes) {
      for (const id of ids) {
        const n = suffix.get(id)!;
        const longest = hex(id).length;
        if (n < longest) {
          suffix.set(id, n === 0 ? SUFFIX_MIN : Math.min(longest, n + 4));
          grew = true;
        }
      }
    }
    // Only journeys sharing one record id are left: no suffix tells them apart.
    if (!grew) return new Map(sorted.map((j) => [j.id, slugOf(j.id)]));
  }
}
