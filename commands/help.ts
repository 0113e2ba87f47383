import { helpCard } from '../cards/help';
import type { Command } from './types';

/** The registry is passed in, so help always lists exactly the commands that exist. */
export function helpCommand(all: () => readonly Command[]): Command {
  return {
    names: ['帮助', '菜单', 'help', '?', '？'],
    usage: '帮助',
    summary: { zh_cn: '列出全部指令', en_us: 'List all commands' },
    need: 'anyone',
    run: async (ctx) => ({
      card: helpCard({ entries: all().map((c) => ({ names: c.names, usage: c.usage, summary: c.summary })) }, ctx),
    }),
  };
}
