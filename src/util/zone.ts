/** Times in the zone a deadline was given in (`--deadline 2026-10-15T23:59:00-05:00`): reports show them there, not in UTC. */

/** The offset from UTC of an ISO 8601 time's zone, in minutes (`Z`: 0, `-05:00`: -300). */
export function zoneOffset(text: string): number {
  const m = /([+-])(\d{2}):?(\d{2})?$/.exec(text.trim());
  if (!m || /z$/i.test(text.trim())) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** An instant (ms since the epoch) as ISO 8601 in the zone `offsetMinutes` from UTC: `2026-10-15T23:59:00-05:00`, or `…Z` for 0. */
export function isoInZone(ms: number, offsetMinutes = 0): string {
  if (!offsetMinutes) return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().replace(/(\.\d{3})?Z$/, '');
  const a = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}
