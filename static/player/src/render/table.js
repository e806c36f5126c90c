// A dataset's rows as a table: `{columns, rows}` as served, or an array of objects. A zone's
// styleJson.columns picks and orders the columns shown (names the data lacks are skipped; when
// none match, every column shows, rather than an empty table). Pure: tested by node --test.
export const MAX_ROWS = 100;

export function tableOf(data, wanted) {
  let columns;
  let rows;
  if (data && Array.isArray(data.columns) && Array.isArray(data.rows)) {
    ({ columns, rows } = data);
  } else if (Array.isArray(data) && data.every((r) => r && typeof r === "object" && !Array.isArray(r))) {
    columns = [...new Set(data.flatMap((r) => Object.keys(r)))];
    rows = data.map((r) => columns.map((c) => r[c]));
  } else {
    return null;
  }
  const names = columns.map(String);
  const picked = Array.isArray(wanted) ? wanted.map(String).filter((name) => names.includes(name)) : [];
  const indexes = picked.length ? picked.map((name) => names.indexOf(name)) : names.map((_, i) => i);
  return {
    columns: indexes.map((i) => names[i]),
    rows: rows.slice(0, MAX_ROWS).map((row) => indexes.map((i) => (Array.isArray(row) ? row[i] : undefined))),
  };
}
