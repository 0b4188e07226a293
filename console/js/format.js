// How figures are written. A figure's element carries data-figure (the report path) and,
// when it is not written plainly, data-format; the end-to-end test formats the API value
// with the same rules and compares.
//   plain  — as the API sends it: counts as integers, money strings unchanged ("2000.00")
//   share  — a number 0..1 as a percentage with one decimal ("12.3%")
//   signed — a count or money string with its sign ("+5", "-3", "0", "+120.00")
//   points — a change of a share in percentage points, one decimal ("+1.2")
// Missing values (null) are written "—".

export const NONE = '—';

export function formatValue(value, format = 'plain') {
  if (value === null || value === undefined) return NONE;
  switch (format) {
    case 'share':
      return `${(Number(value) * 100).toFixed(1)}%`;
    case 'points':
      return withSign((Number(value) * 100).toFixed(1));
    case 'signed':
      return withSign(String(value));
    default:
      return String(value);
  }
}

function withSign(text) {
  if (text.startsWith('-')) return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
  return /^0(\.0+)?$/.test(text) ? text : `+${text}`;
}

/** The month (YYYY-MM) of a Date, in local time. */
export function monthOf(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** The month `delta` months from `month` (YYYY-MM). */
export function addMonths(month, delta) {
  const [year, m] = month.split('-').map(Number);
  return monthOf(new Date(year, m - 1 + delta, 1));
}

/** The last day (YYYY-MM-DD) of `month`. */
export function lastDay(month) {
  const [year, m] = month.split('-').map(Number);
  const day = new Date(year, m, 0).getDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

/** An RFC 3339 instant as local "YYYY-MM-DD HH:MM". */
export function formatInstant(text) {
  if (!text) return NONE;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) return String(text);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
