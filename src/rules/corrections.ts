/**
 * What a correction of contact data may not do (issue 11, RULES.md "Corrections"). Pure:
 * the checks before and after the correction, and the zones, come in as arguments.
 */
import type { Check, Decision } from './decision.js';
import { refused } from './decision.js';
import { ART_COMMITTEE, ART_ELIGIBILITY } from './eligibility.js';
import { t } from '../i18n/index.js';

/**
 * Art. 3.3: the committee accepted a candidacy on its data as it was — a correction may not
 * make a criterion fail that passed (the refusal carries that criterion's article).
 */
export function acceptedCorrection(was: readonly Check[], now: readonly Check[], p: { ref: string; status: string }): Decision {
  const broken = now.find((c) => !c.pass && was.find((w) => w.id === c.id)?.pass);
  if (!broken) return { ok: true, article: ART_COMMITTEE };
  return refused(broken.article, t('corrections.accepted_breaks', { ref: p.ref, check: broken.id, detail: broken.message, status: p.status }));
}

/**
 * Art. 3.1 (E1): while a member's contract runs, a covered address cannot be corrected to
 * one outside the coverage zones (an address already outside stays correctable).
 */
export function memberAddressCorrection(p: {
  zoneBefore: string | null;
  zoneAfter: string | null;
  terminated: boolean;
  memberNo: string;
  postalCode: string;
}): Decision {
  if (p.zoneAfter === null && p.zoneBefore !== null && !p.terminated)
    return refused(ART_ELIGIBILITY, t('corrections.uncovered', { member_no: p.memberNo, postal_code: p.postalCode }));
  return { ok: true, article: ART_ELIGIBILITY };
}
