import type { Command } from 'commander';
import type { Wrap } from '../main.js';

export function registerMember(program: Command, wrap: Wrap): void {
  const group = program.command('member').description('member commands');
  void group;
  void wrap;
}
