import type { MessageView } from '../views/messages';

/** What the bot says when it is added to a group: what it is for, and the first step (binding). */
export const GREETING: MessageView = {
  tone: 'info',
  title: { zh_cn: '大家好，我是督办机器人', en_us: 'Hello, I am Duban' },
  body: {
    zh_cn:
      '我负责政务公开任务台账：各单位在这里查看任务、汇报进展，领导查看汇总。\n**第一步：绑定本群**——请单位联络员发送：@督办 绑定 单位名称（例如：绑定 区财政局），由政务公开办确认。\n之后发送“我的任务”“汇报进展”即可。发送“帮助”查看全部指令。',
    en_us:
      'I keep the task ledger: departments see their tasks and report progress here; leaders get summaries.\n**First, bind this group**: a coordinator sends "@Duban bind <department>", and the office confirms.\nThen use "my tasks" and "report progress". Send "help" for all commands.',
  },
};
