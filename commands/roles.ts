import { catchUpTenant } from '../src/publish';
import { addAlias, findDepartmentByName } from '../src/store/directory';
import { removeMember, setMember } from '../src/store/members';

import { message, say } from './reply';
import type { Command } from './types';
import type { MemberRole } from '../src/terms';

const ROLE_NAMES: Record<MemberRole, [string, string]> = {
  leader: ['领导', 'leader'],
  office: ['政务公开办', 'office'],
  coordinator: ['联络员', 'coordinator'],
};

/** "设置领导 @张三 @李四": the role for everyone mentioned. Coordinators also name their department. */
function roleCommand(role: MemberRole, names: string[], usage: string): Command {
  const [zh, en] = ROLE_NAMES[role];
  return {
    names,
    usage,
    summary: { zh_cn: `政务公开办把被 @ 的人设为${zh}`, en_us: `The office makes the mentioned people ${en}s` },
    need: 'manage_roles',
    run: async (ctx, args) => {
      if (!ctx.mentions.length)
        return say(ctx, message('warning', ['请 @ 要设置的人', 'Mention someone'], [`用法：${usage}`, `Usage: ${usage}`]));
      let departmentId: number | null = null;
      let departmentName = '';
      if (role === 'coordinator') {
        const name = args.replace(/@\S+/g, '').trim();
        if (!name) return say(ctx, message('warning', ['请写明单位', 'Name the department'], [`用法：${usage}`, `Usage: ${usage}`]));
        const d = await findDepartmentByName(ctx.db, ctx.tenantKey, name);
        if (!d)
          return say(
            ctx,
            message('warning', [`目录中没有“${name}”`, `No department named "${name}"`], ['请检查单位名称。', 'Check the name.']),
          );
        departmentId = d.id;
        departmentName = d.name;
      }
      for (const m of ctx.mentions)
        await setMember(ctx.db, { tenantKey: ctx.tenantKey, openId: m.openId, role, departmentId, name: m.name });
      if (role === 'coordinator') await catchUpTenant(ctx.db, ctx.tenantKey, ctx.clock.now);
      const who = ctx.mentions.map((m) => m.name).join('、');
      return say(
        ctx,
        message(
          'success',
          ['设置成功', 'Done'],
          [
            `已将 ${who} 设为${departmentName}${zh}。`,
            `${who} ${ctx.mentions.length > 1 ? 'are' : 'is'} now ${departmentName ? `${departmentName} ` : ''}${en}.`,
          ],
        ),
      );
    },
  };
}

export const setLeaderCommand = roleCommand('leader', ['设置领导', 'set leader'], '设置领导 @某人');
export const setCoordinatorCommand = roleCommand('coordinator', ['设置联络员', 'set coordinator'], '设置联络员 @某人 单位名称');
export const setOfficeCommand = roleCommand('office', ['设置政务公开办', 'set office'], '设置政务公开办 @某人');

export const removeRoleCommand: Command = {
  names: ['取消角色', 'remove role'],
  usage: '取消角色 @某人',
  summary: { zh_cn: '政务公开办取消被 @ 的人的角色', en_us: "The office removes the mentioned people's roles" },
  need: 'manage_roles',
  run: async (ctx) => {
    if (!ctx.mentions.length)
      return say(ctx, message('warning', ['请 @ 要取消的人', 'Mention someone'], ['用法：取消角色 @某人', 'Usage: remove role @someone']));
    for (const m of ctx.mentions) await removeMember(ctx.db, ctx.tenantKey, m.openId);
    const who = ctx.mentions.map((m) => m.name).join('、');
    return say(ctx, message('success', ['已取消', 'Removed'], [`已取消 ${who} 的角色。`, `Removed the roles of ${who}.`]));
  },
};

/** "设置别名 财政金融局 = 区财政局": maps a spelling a notice used onto a directory department. */
export const setAliasCommand: Command = {
  names: ['设置别名', 'set alias'],
  usage: '设置别名 原名称 = 目录中的单位名称',
  summary: { zh_cn: '把通知里的单位名称对应到目录中的单位（未解析的单位）', en_us: "Map a notice's unit name onto a directory department" },
  need: 'manage_roles',
  run: async (ctx, args) => {
    const m = args.match(/^(.+?)\s*[=＝→]\s*(.+)$/);
    if (!m)
      return say(
        ctx,
        message(
          'warning',
          ['格式不对', 'Wrong format'],
          ['用法：设置别名 原名称 = 目录中的单位名称', 'Usage: set alias <name> = <department>'],
        ),
      );
    const d = await findDepartmentByName(ctx.db, ctx.tenantKey, m[2]);
    if (!d)
      return say(
        ctx,
        message('warning', [`目录中没有“${m[2].trim()}”`, `No department named "${m[2].trim()}"`], ['请检查单位名称。', 'Check the name.']),
      );
    const { assigned, merged } = await addAlias(ctx.db, ctx.tenantKey, m[1], d);
    const mergedZh = merged ? `原“${m[1].trim()}”条目已并入。` : '';
    const mergedEn = merged ? ` The separate "${m[1].trim()}" entry was merged in.` : '';
    return say(
      ctx,
      message(
        'success',
        ['别名已设置', 'Alias set'],
        [
          `“${m[1].trim()}”今后视为${d.name}，补充分配任务 ${assigned} 项。${mergedZh}`,
          `"${m[1].trim()}" now means ${d.name}; ${assigned} task assignments added.${mergedEn}`,
        ],
      ),
    );
  },
};
