import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkContractRunning,
  checkOptionEndedByMail,
  checkWithdrawal,
  honoraryEligibility,
  planTermination,
  type MemberState,
} from '../../src/rules/termination.js';

const member: MemberState = { status: 'active', contractStart: '2026-01-05', terminationEffectiveOn: null };
const plan = (req: Parameters<typeof planTermination>[0], m: MemberState = member) => {
  const d = planTermination(req, m);
  if (!d.ok) throw new Error(`refused (art. ${d.article}): ${d.reason}`);
  return d.value;
};
const refusal = (req: Parameters<typeof planTermination>[0], m: MemberState = member) => {
  const d = planTermination(req, m);
  if (d.ok) throw new Error('accepted');
  return d;
};

describe('effective dates (RULES.md §7), hand-computed', () => {
  it('member request received 20/03/2027 → effective 30/03/2027, last billed 2027-03, mailbox until 30/09/2027', () => {
    const p = plan({ reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20' });
    expect(p).toMatchObject({
      effectiveOn: '2027-03-30',
      lastBilledMonth: '2027-03',
      mailAccessUntil: '2027-09-30',
      by: 'member',
      article: '10.3.1',
      refund: true,
    });
  });

  it('a request received 25/03/2027 takes effect in April: April is billed in full', () => {
    expect(plan({ reason: 'member_request', on: '2027-03-25', noticeDate: '2027-03-25' })).toMatchObject({
      effectiveOn: '2027-04-04',
      lastBilledMonth: '2027-04',
    });
  });

  it('never from the delegate (art. 10.3.1)', () => {
    expect(refusal({ reason: 'member_request', on: '2027-03-22', noticeDate: '2027-03-20', by: 'delegate' }).article).toBe('10.3.1');
    expect(refusal({ reason: 'force_majeure', on: '2027-03-22', noticeDate: '2027-03-20', since: '2027-03-01', by: 'delegate' }).article).toBe('10.3.1');
  });

  it('breach notice of 03/05/2027: the member may comply until 10/05 → effective 11/05/2027 at the earliest (art. 10.2, the day after the 7 days)', () => {
    expect(plan({ reason: 'breach', on: '2027-05-05', noticeDate: '2027-05-03' }).effectiveOn).toBe('2027-05-11');
    expect(plan({ reason: 'breach', on: '2027-05-10', noticeDate: '2027-05-03' }).effectiveOn).toBe('2027-05-11');
    expect(plan({ reason: 'breach', on: '2027-05-11', noticeDate: '2027-05-03' }).effectiveOn).toBe('2027-05-11');
    // a notice of 01/03/2027: the 7 days run 02/03–08/03; the contract ends 09/03, not on the last day to comply
    expect(plan({ reason: 'breach', on: '2027-03-01', noticeDate: '2027-03-01' }).effectiveOn).toBe('2027-03-09');
    expect(plan({ reason: 'breach', on: '2027-05-20', noticeDate: '2027-05-03' }).effectiveOn).toBe('2027-05-20');
    expect(refusal({ reason: 'breach', on: '2027-05-05' }).article).toBe('10.2');
  });

  it('incompatible offer: the day it is recorded, no refund (art. 3.4)', () => {
    expect(plan({ reason: 'incompatible_offer', on: '2027-06-14' })).toMatchObject({ effectiveOn: '2027-06-14', refund: false, article: '3.4' });
  });

  it('no Orange subscription left: the day the last one ends (art. 10.1)', () => {
    expect(plan({ reason: 'orange_lost', on: '2027-02-01', lastSubscriptionEndedOn: '2027-02-01' }).effectiveOn).toBe('2027-02-01');
  });

  it('unpaid: from the day after the deadline the second notice printed (notice + 8 days; art. 7.3.8)', () => {
    expect(refusal({ reason: 'unpaid', on: '2027-03-01' }).article).toBe('7.3.8');
    expect(refusal({ reason: 'unpaid', on: '2027-03-08', secondNoticeOn: '2027-03-01' }).article).toBe('7.3.8');
    // the letter of 01/03 says "au plus tard le 09/03/2027": the member may still pay that day
    expect(refusal({ reason: 'unpaid', on: '2027-03-09', secondNoticeOn: '2027-03-01' }).reason).toContain('2027-03-10');
    expect(plan({ reason: 'unpaid', on: '2027-03-10', secondNoticeOn: '2027-03-01' }).effectiveOn).toBe('2027-03-10');
  });

  it('force majeure longer than 7 consecutive days: letter + 8 days, either party (art. 11.3)', () => {
    expect(plan({ reason: 'force_majeure', on: '2027-04-12', noticeDate: '2027-04-10', since: '2027-04-01' })).toMatchObject({
      effectiveOn: '2027-04-18',
      by: 'parnasse',
    });
    expect(plan({ reason: 'force_majeure', on: '2027-04-12', noticeDate: '2027-04-10', since: '2027-04-01', by: 'member' }).by).toBe('member');
    expect(refusal({ reason: 'force_majeure', on: '2027-04-12', noticeDate: '2027-04-07', since: '2027-04-01' }).article).toBe('11.3');
    expect(plan({ reason: 'force_majeure', on: '2027-04-12', noticeDate: '2027-04-08', since: '2027-04-01' }).effectiveOn).toBe('2027-04-16');
    expect(refusal({ reason: 'force_majeure', on: '2027-04-12', noticeDate: '2027-04-10' }).article).toBe('11.3');
  });

  it('a second termination, a date before the contract start, a letter after the recording: refused with an article', () => {
    expect(refusal({ reason: 'incompatible_offer', on: '2027-06-14' }, { ...member, terminationEffectiveOn: '2027-07-01' }).article).toBe('10.4');
    expect(refusal({ reason: 'incompatible_offer', on: '2027-06-14' }, { ...member, status: 'terminated' }).article).toBe('10.4');
    expect(refusal({ reason: 'incompatible_offer', on: '2025-12-31' }).article).toBe('6');
    expect(refusal({ reason: 'member_request', on: '2026-01-10', noticeDate: '2025-12-20' }).article).toBe('6');
    expect(refusal({ reason: 'member_request', on: '2027-03-19', noticeDate: '2027-03-20' }).article).toBe('10.3.1');
  });

  it('property: a member request is effective exactly 10 days after receipt, and its month is the last billed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), (offset) => {
        const receipt = new Date(Date.UTC(2026, 0, 5 + offset)).toISOString().slice(0, 10);
        const p = plan({ reason: 'member_request', on: receipt, noticeDate: receipt });
        const diff = (Date.parse(p.effectiveOn) - Date.parse(receipt)) / 86_400_000;
        return diff === 10 && p.lastBilledMonth === p.effectiveOn.slice(0, 7) && p.mailAccessUntil > p.effectiveOn;
      }),
    );
  });
});

describe('after the end, withdrawal, options, honorary', () => {
  it('nothing starts on or after the effective date (art. 10.4)', () => {
    expect(checkContractRunning('2027-03-29', '2027-03-30').ok).toBe(true);
    expect(checkContractRunning('2027-03-30', '2027-03-30')).toMatchObject({ ok: false, article: '10.4' });
    expect(checkContractRunning('2030-01-01', null).ok).toBe(true);
  });

  it('withdrawn before its effective date, by the party that asked', () => {
    const t0 = { effectiveOn: '2027-03-30', by: 'member' as const, reason: 'member_request' as const };
    expect(checkWithdrawal(t0, 'member', '2027-03-29').ok).toBe(true);
    expect(checkWithdrawal(t0, 'member', '2027-03-30')).toMatchObject({ ok: false, article: '10.4' });
    expect(checkWithdrawal(t0, 'parnasse', '2027-03-25')).toMatchObject({ ok: false, article: '10.3.1' });
    expect(checkWithdrawal(t0, 'delegate', '2027-03-25')).toMatchObject({ ok: false, article: '10.3.1' });
    expect(checkWithdrawal({ effectiveOn: '2027-05-10', by: 'parnasse', reason: 'breach' }, 'parnasse', '2027-05-06').ok).toBe(true);
    expect(checkWithdrawal({ effectiveOn: '2027-05-10', by: 'parnasse', reason: 'orange_lost' }, 'parnasse', '2027-05-06').ok).toBe(false);
  });

  it('options ended by e-mail (art. 10.3.2)', () => {
    for (const o of ['mail', 'office_assistance', 'bitdefender', 'extra_site', 'concierge_privilege'] as const) expect(checkOptionEndedByMail(o).ok).toBe(true);
    // the mailboxes and packs complete « Ma Messagerie Mail » (art. 5.7.1): by e-mail too (issue 21)
    for (const o of ['extra_mailbox', 'mailbox_pack_5', 'mailbox_pack_10'] as const)
      expect(checkOptionEndedByMail(o)).toMatchObject({ ok: true, article: '10.3.2' });
  });

  it('honorary: terminated, never under recovery, still eligible', () => {
    const base = { terminated: true, everUnderRecovery: false, meetsEligibility: true, honorary: false };
    expect(honoraryEligibility(base).ok).toBe(true);
    expect(honoraryEligibility({ ...base, terminated: false }).ok).toBe(false);
    expect(honoraryEligibility({ ...base, everUnderRecovery: true }).ok).toBe(false);
    expect(honoraryEligibility({ ...base, meetsEligibility: false })).toMatchObject({ ok: false, article: '3.1' });
    expect(honoraryEligibility({ ...base, honorary: true }).ok).toBe(false);
  });
});
