/** French formats for documents sent to members (amounts, dates, months). */
import { formatEuros } from './euros.js';
/** An ISO date, `YYYY-MM-DD` (rules/dates.ts's IsoDate). */
type IsoDate = string;

export const euros = (cents: number): string => formatEuros(cents);

/** `2026-12-10` → `10/12/2026`. */
export function frDate(d: IsoDate): string {
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** `2026-12` → `décembre 2026`. */
export function frMonth(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** `732829320` → `732 829 320`. */
export function frSiren(s: string): string {
  return s.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');
}

/** An IBAN in groups of four. */
export function frIban(s: string): string {
  return s.replace(/(.{4})(?=.)/g, '$1 ');
}
