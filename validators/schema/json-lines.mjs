// Shared by the schema data builders: one key per line, sorted, so a version bump reads as a diff of what changed.

/** `record` as the inside of a JSON object, one `"key": value` per line, indented four spaces, sorted by key. */
export function sortedEntries(record) {
  return Object.entries(record)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join(',\n');
}
