import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { t } from '../i18n/index.js';
import { checkInputFile } from '../files/input.js';

/** `… import FILE [--dry-run] [--delimiter] [--encoding]`: the flags every CSV import shares (CLI.md). */
export function csvImportCommand(group: CommandUnknownOpts, description: string) {
  return (
    group
      .command('import')
      .description(description)
      .argument('<file>', t('cli.csv.file'))
      .option('--dry-run', t('cli.csv.dry_run'))
      .addOption(new Option('--delimiter <d>', t('cli.csv.delimiter')).choices(['auto', ',', ';'] as const).default('auto'))
      .addOption(new Option('--encoding <e>', t('cli.csv.encoding')).choices(['auto', 'utf8', 'latin1'] as const).default('auto'))
      // the file is checked before the database is opened: a folder, a FIFO or an unreadable
      // file is one line (exit 2/4) and nothing is written, not even a new database
      .hook('preAction', (_cmd, action) => {
        checkInputFile(String(action.args[0]));
      })
  );
}
