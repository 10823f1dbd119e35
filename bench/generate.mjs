// Generates a realistic candidacy CSV (French office export: `;`, CRLF, French numbers, DD/MM/YYYY).
// Usage: node bench/generate.mjs ROWS OUT.csv [--bad-line N]
import fs from 'node:fs';

const HEADER = [
  'ref',
  'kind',
  'first_name',
  'last_name',
  'email',
  'phone',
  'birth_date',
  'foreign_national',
  'street',
  'postal_code',
  'city',
  'department',
  'company_name',
  'company_siren',
  'company_revenue_eur',
  'is_executive',
  'annual_income_eur',
  'preventel_listed',
  'operator_unpaid',
  'banking_ban',
  'sponsor_member_no',
  'invited_by_parnasse',
  'charter_accepted',
  'line_technology',
  'orange_subscriptions',
  'incompatible_offer',
  'iban',
  'applied_on',
  'documents',
  'id_expires_on',
];

/** A SIREN with a valid Luhn key from an 8-digit body. */
export function siren(body8) {
  const s = String(body8).padStart(8, '0');
  for (let k = 0; k < 10; k++) {
    const c = s + k;
    let sum = 0;
    for (let i = 0; i < 9; i++) {
      let d = c.charCodeAt(i) - 48;
      if (i % 2 === 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    if (sum % 10 === 0) return c;
  }
  throw new Error('unreachable');
}

/** The RIB key of a French bank account (numeric bank, branch and account numbers). */
export function ribKey(bank, branch, account) {
  const r = (89 * (Number(bank) % 97) + 15 * (Number(branch) % 97) + 3 * Number(BigInt(account) % 97n)) % 97;
  return String(97 - r).padStart(2, '0');
}

/** A French IBAN (mod-97 key computed) from a 23-character BBAN. */
export function frIban(bban) {
  const rearranged = `${bban}FR00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of rearranged) rem = (rem * 10 + (ch.charCodeAt(0) - 48)) % 97;
  return `FR${String(98 - rem).padStart(2, '0')}${bban}`;
}

const CITIES = [
  ['75008', 'Paris'],
  ['92200', 'Neuilly-sur-Seine'],
  ['13100', 'Aix-en-Provence'],
  ['06000', 'Nice'],
  ['20000', 'Ajaccio'],
  ['98000', 'Monaco'],
  ['69006', 'Lyon'],
  ['59000', 'Lille'],
  ['44000', 'Nantes'],
  ['35000', 'Rennes'],
  ['33000', 'Bordeaux'],
  ['31000', 'Toulouse'],
  ['67000', 'Strasbourg'],
  ['57000', 'Metz'],
];
const FIRST = ['Claire', 'Antoine', 'Hélène', 'François', 'Amélie', 'Jérôme', 'Inès', 'Benoît', 'Léa', 'Stéphane'];
const LAST = ['Dubois', 'Lefèvre', 'Marchand', 'Gauthier', 'Rousseau', 'Bérard', 'Fournier', 'Lemoine', 'Chevalier', 'Perrin'];
const NBSP = '\u00a0';
const group = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);

export function row(i) {
  const [pc, city] = CITIES[i % CITIES.length];
  const f = FIRST[i % FIRST.length];
  const l = LAST[(i * 7) % LAST.length];
  const revenue = 60_000_000 + (i % 1000) * 1_000_000;
  const income = 150_000 + (i % 500) * 1000;
  const branch = String(i % 100000).padStart(5, '0');
  const account = String(i).padStart(11, '0');
  const bban = `30004${branch}${account}${ribKey('30004', branch, account)}`;
  return [
    `C${String(i).padStart(8, '0')}`,
    i % 5 === 0 ? 'company' : 'person',
    f,
    l,
    `${f.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}.${i}@example.fr`,
    `06 12 34 ${String(i % 100).padStart(2, '0')} 00`,
    `${String((i % 28) + 1).padStart(2, '0')}/0${(i % 9) + 1}/19${60 + (i % 30)}`,
    i % 11 === 0 ? 'oui' : 'non',
    `${(i % 120) + 1} avenue des Champs`,
    pc,
    city,
    '',
    `Société ${l} SA`,
    siren(10000000 + (i % 89999999)),
    `${group(revenue)},00`,
    'oui',
    `${group(income)},50`,
    'non',
    'non',
    'non',
    '',
    'oui',
    'oui',
    ['fibre', 'vdsl', 'adsl'][i % 3],
    String((i % 2) + 1),
    'non',
    frIban(bban),
    `${20 + (i % 7)}/11/2026`,
    'D1|D2|D4|D5|D6',
    '31/12/2030',
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2]);
  const out = process.argv[3];
  const badAt = process.argv.indexOf('--bad-line') > 0 ? Number(process.argv[process.argv.indexOf('--bad-line') + 1]) : -1;
  const fd = fs.openSync(out, 'w');
  let buf = `${HEADER.join(';')}\r\n`;
  for (let i = 1; i <= n; i++) {
    const r = row(i);
    if (i + 1 === badAt) r[14] = '12 millions';
    buf += `${r.join(';')}\r\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}
