import { catchUpTenant } from '../src/publish';
import { bindingOf, confirmBinding, requestBinding } from '../src/store/bindings';
import { listDepartments, matchDepartment } from '../src/store/directory';
import { say as sayView } from './reply';
import type { Command, CommandContext, Reply } from './types';

/** Bind's texts are written as [title, body] per language. */
function say(ctx: CommandContext, tone: 'info' | 'success' | 'warning', zh: [string, string], en: [string, string]): Reply {
  return sayView(ctx, { tone, title: { zh_cn: zh[0], en_us: en[0] }, body: { zh_cn: zh[1], en_us: en[1] } });
}

export const bindCommand: Command = {
  names: ['绑定', 'bind'],
  usage: '绑定 单位名称（在本单位的群里发送）',
  summary: {
    zh_cn: '把本群绑定到一个单位，群内成员即可查看和汇报该单位的任务',
    en_us: "Bind this group to a department, so its members see and report that department's tasks",
  },
  need: 'anyone',
  run: async (ctx, args) => {
    const name = args.trim();
    if (ctx.chat.type !== 'group' || !ctx.chat.id)
      return say(
        ctx,
        'info',
        ['请在单位群里绑定', '绑定需要在本单位的群聊中发送，例如：@督办 绑定 区财政局'],
        ['Bind in a group', 'Send this in your department\'s group, e.g. "@Duban bind 区财政局".'],
      );
    if (!name) return say(ctx, 'warning', ['请写明单位名称', '例如：绑定 区财政局'], ['Name the department', 'For example: bind 区财政局']);
    const all = await listDepartments(ctx.db, ctx.tenantKey);
    const hit = matchDepartment(all, name);
    if (!hit) {
      const close = all.filter((d) => d.name.includes(name) || name.includes(d.name.replace(/^(区|县|市)/, ''))).slice(0, 5);
      const hint = close.length ? `您是否要找：${close.map((d) => d.name).join('、')}` : '请检查名称，或请政务公开办先导入通知';
      return say(
        ctx,
        'warning',
        [`目录中没有“${name}”`, hint],
        [
          `No department named "${name}"`,
          close.length
            ? `Did you mean: ${close.map((d) => d.name).join(', ')}`
            : 'Check the name, or ask the office to import the notice first.',
        ],
      );
    }
    const office = ctx.sender.role === 'office';
    const current = await bindingOf(ctx.db, ctx.tenantKey, ctx.chat.id);
    if (current?.status === 'active' && current.departmentId === hit.dept.id) {
      return say(
        ctx,
        'info',
        ['本群已绑定', `本群已绑定到${hit.dept.name}，无需再次绑定。`],
        ['Already bound', `This group already belongs to ${hit.dept.name}.`],
      );
    }
    if (current?.status === 'active' && !office) {
      const bound = all.find((d) => d.id === current.departmentId)?.name ?? '';
      return say(
        ctx,
        'warning',
        ['改绑需要政务公开办', `本群已绑定到${bound}。如需改为${hit.dept.name}，请政务公开办的同志在本群发送“绑定 ${hit.dept.name}”。`],
        [
          'The office rebinds',
          `This group belongs to ${bound}. To move it to ${hit.dept.name}, someone from the office sends "bind ${hit.dept.name}" here.`,
        ],
      );
    }
    await requestBinding(ctx.db, {
      tenantKey: ctx.tenantKey,
      chatId: ctx.chat.id,
      departmentId: hit.dept.id,
      requestedBy: ctx.sender.openId,
      active: office,
    });
    // A department that missed a published notice for want of a chat gets it now.
    if (office) await catchUpTenant(ctx.db, ctx.tenantKey, ctx.clock.now);
    return office
      ? say(
          ctx,
          'success',
          ['绑定成功', `本群已绑定到${hit.dept.name}。群成员发送“我的任务”即可查看本单位任务。`],
          ['Bound', `This group now belongs to ${hit.dept.name}. Members can send "my tasks".`],
        )
      : say(
          ctx,
          'info',
          ['已提交绑定申请', `申请将本群绑定到${hit.dept.name}。请政务公开办的同志在本群发送“确认绑定”完成绑定。`],
          [
            'Binding requested',
            `Asked to bind this group to ${hit.dept.name}. Someone from the office confirms by sending "confirm bind" here.`,
          ],
        );
  },
};

export const confirmBindCommand: Command = {
  names: ['确认绑定', 'confirm bind'],
  usage: '确认绑定（政务公开办在待绑定的群里发送）',
  summary: { zh_cn: '政务公开办确认本群的绑定申请', en_us: "The office confirms this group's binding request" },
  need: 'confirm_binding',
  run: async (ctx) => {
    if (!ctx.chat.id) return null;
    const pending = await bindingOf(ctx.db, ctx.tenantKey, ctx.chat.id);
    if (!pending)
      return say(
        ctx,
        'info',
        ['本群没有待确认的绑定', '请先由单位联络员发送“绑定 单位名称”。'],
        ['Nothing to confirm', 'A coordinator first sends "bind <department>".'],
      );
    await confirmBinding(ctx.db, ctx.tenantKey, ctx.chat.id, pending.departmentId);
    await catchUpTenant(ctx.db, ctx.tenantKey, ctx.clock.now);
    const dept = (await listDepartments(ctx.db, ctx.tenantKey)).find((d) => d.id === pending.departmentId);
    return say(
      ctx,
      'success',
      ['绑定成功', `本群已绑定到${dept?.name ?? ''}。`],
      ['Bound', `This group now belongs to ${dept?.name ?? ''}.`],
    );
  },
};
