// What a ticker scrolls: a feed's item titles, or a JSON/CSV source's records through its
// field mapping (`dataFields`: which field is the title, the text, the image). The records are
// read as the server's signage.datasources.fields reads them: a CSV table's rows by column, a
// JSON array's objects, or a JSON object alone. Pure: tested by node --test.
export const MAX_HEADLINES = 50;

function records(data) {
  if (data && Array.isArray(data.columns) && Array.isArray(data.rows)) {
    const columns = data.columns.map(String);
    return data.rows.filter(Array.isArray).map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
  }
  if (Array.isArray(data)) return data.filter((r) => r && typeof r === "object" && !Array.isArray(r));
  if (data && typeof data === "object") return [data];
  return [];
}

// A value shown as text: strings and numbers only (an object would show as "[object Object]").
function text(value) {
  if (typeof value === "string") return value.replace(/\s+/g, " ").trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return "";
}

function imageUrl(value) {
  const url = text(value);
  return /^https?:\/\//i.test(url) ? url : null;
}

// [{ title, text, image }] with at least a title or a text each.
export function headlinesOf(data, fields) {
  const mapped = fields && (fields.title || fields.text);
  if (!mapped) {
    const items = data && Array.isArray(data.items) ? data.items : [];
    return items.map((i) => ({ title: text(i && i.title), text: "", image: null })).filter((h) => h.title).slice(0, MAX_HEADLINES);
  }
  return records(data)
    .map((r) => ({
      title: fields.title ? text(r[fields.title]) : "",
      text: fields.text ? text(r[fields.text]) : "",
      image: fields.image ? imageUrl(r[fields.image]) : null,
    }))
    .filter((h) => h.title || h.text)
    .slice(0, MAX_HEADLINES);
}
