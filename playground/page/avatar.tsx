// Lark-style round avatars on a colour of their own: a person's given name (the last two
// characters), a group's first two after the district prefix (区党政办公室工作群 → 党政).
const COLORS = ['#3370ff', '#14c9c9', '#34c724', '#ff8800', '#7f3bf5', '#f14c8c', '#4954e6', '#0c8ac2'];

export function Avatar({ name, bot, group, size = 36 }: { name: string; bot?: boolean; group?: boolean; size?: number }) {
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  const chars = [...name];
  const text = bot
    ? '督'
    : group
      ? chars
          .slice(name.startsWith('区') ? 1 : 0)
          .slice(0, 2)
          .join('')
      : chars.slice(-2).join('');
  return (
    <span
      class="avatar"
      style={{
        width: `${size}px`,
        height: `${size}px`,
        fontSize: `${Math.round(size * 0.36)}px`,
        background: bot ? '#3370ff' : COLORS[h % COLORS.length],
      }}
    >
      {text}
    </span>
  );
}
