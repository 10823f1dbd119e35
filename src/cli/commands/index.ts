import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Wrap } from '../app.js';
import { registerCandidate } from './candidate.js';
import { registerCommittee } from './committee.js';
import { registerMember } from './member.js';
import { registerIntervene } from './intervene.js';
import { registerBill, registerMandate } from './bill/index.js';
import { registerTerminate } from './terminate.js';
import { registerDataRights } from './datarights.js';
import { registerGuarantee } from './guarantee.js';
import { registerCoopt } from './coopt.js';
import { registerPro } from './pro.js';
import { registerDb } from './db.js';
import { registerZone } from './zone.js';
import { registerSettings } from './settings.js';
import { registerSetup } from './setup.js';
import { registerCorrections } from './corrections.js';

/** Every command group, in the order of the club's life. */
export function registerCommands(program: CommandUnknownOpts, wrap: Wrap): void {
  registerCandidate(program, wrap);
  registerCommittee(program, wrap);
  registerMember(program, wrap);
  registerDataRights(program.commands.find((c) => c.name() === 'member')!, wrap);
  registerGuarantee(program.commands.find((c) => c.name() === 'member')!, wrap);
  registerIntervene(program, wrap);
  registerMandate(program.commands.find((c) => c.name() === 'member')!, wrap);
  registerCorrections(program, wrap);
  registerBill(program, wrap);
  registerTerminate(program, wrap);
  registerCoopt(program, wrap);
  registerPro(program, wrap);
  registerZone(program, wrap);
  registerSetup(program, wrap);
  registerSettings(program, wrap);
  registerDb(program, wrap);
}
