// Times as a Beijing office reads them, whatever the browser's zone.
const parts = (ms: number, opts: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, ...opts }).format(new Date(ms));

export const clockText = (ms: number) =>
  parts(ms, { year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit' });

export const messageTime = (ms: number) => parts(ms, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
